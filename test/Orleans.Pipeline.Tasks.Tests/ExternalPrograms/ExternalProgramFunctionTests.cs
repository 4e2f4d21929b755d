using System.Diagnostics;
using System.Text.Json;
using Orleans.Pipeline.Tasks.BuiltIns;
using Orleans.Pipeline.Tasks.ExternalPrograms;
using Orleans.Pipeline.Tasks.Tests.Support;

namespace Orleans.Pipeline.Tasks.Tests.ExternalPrograms;

public sealed class ExternalProgramFunctionTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly ScratchDirectory _scratch = new();
    private readonly RecordingLogger _logger = new();

    private string WorkingDirectory => _scratch.GetPath("work");

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public async Task RunAsync_PythonWordCountMapper_WritesTheSameLabeledOutputsAsTheBuiltIn()
    {
        var text = string.Join(" ", Enumerable.Range(0, 3000).Select(i => $"w{i % 97} café{i % 5}"));
        var file = _scratch.WriteFile("corpus.txt", text[..5000]);
        TaskInput[] inputs = [new FileTaskInput(0, file), TaskRunner.Text(0, text[5000..])];
        var parameters = TaskRunner.Parameters(("partitions", "4"));
        var outputs = new FileTaskOutputs(_scratch.GetPath("outputs"));
        var context = Context(new TaskInputList(inputs), outputs, parameters);
        var program = new ExternalProgramFunction("python3 wordcount_map.py", Enabled(o => o.ProgramDirectory = Repository.ExamplePrograms));

        await program.RunAsync(context, CancellationToken.None);
        var recorded = await outputs.CompleteAsync();

        var (builtIn, expected) = await TaskRunner.RunAsync(new WordCountMapFunction(), inputs, parameters);
        Assert.Equal(expected.Select(o => (o.Label, o.Size)), recorded.Select(o => (o.Label, o.Size)));
        foreach (var output in recorded)
        {
            Assert.Equal(builtIn.GetBytes(output.Label), File.ReadAllBytes(output.Location));
        }

        // The program's part files were moved into the outputs; the in-memory input was materialized for it.
        Assert.Empty(Directory.GetFiles(WorkingDirectory, "part-*"));
        Assert.Single(Directory.GetFiles(Path.Combine(WorkingDirectory, "inputs")));
        var distinct = recorded.Sum(o => TaskRunner.Lines(File.ReadAllText(o.Location)).Length);
        Assert.Contains(_logger.Messages, m => m.EndsWith($"counted {distinct} distinct words", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_ShellScript_ConcatenatesInputsIntoLabelZero()
    {
        var program = new ExternalProgramFunction("sh concat.sh", Enabled(o => o.ProgramDirectory = Repository.ExamplePrograms));
        var outputs = new MemoryTaskOutputs();

        await program.RunAsync(Context(new TaskInputList(TaskRunner.Text(3, "one\n"), TaskRunner.Text(1, "two\n")), outputs), CancellationToken.None);

        Assert.Equal("one\ntwo\n", outputs.GetText(0));
        Assert.Equal([0], outputs.Labels);
        Assert.Contains(_logger.Messages, m => m.EndsWith("concat started", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_TaskLine_DescribesTheTask()
    {
        var script = Script("task.sh", """
            IFS= read -r task
            printf '%s\n' "${task#TASK }" > task.json
            echo "OUTPUT 2 task.json"
            echo DONE
            """);
        var outputs = new MemoryTaskOutputs();
        var parameters = TaskRunner.Parameters(("partitions", "8"), ("mode", "fast \"quoted\""));

        await new ExternalProgramFunction(script, Enabled()).RunAsync(Context(new TaskInputList(), outputs, parameters, groupLabel: 5), CancellationToken.None);

        using var task = JsonDocument.Parse(outputs.GetText(2));
        var root = task.RootElement;
        Assert.Equal(7, root.GetProperty("taskId").GetInt32());
        Assert.Equal(1, root.GetProperty("attempt").GetInt32());
        Assert.Equal("job-1", root.GetProperty("jobId").GetString());
        Assert.Equal("test job", root.GetProperty("jobName").GetString());
        Assert.Equal("stage", root.GetProperty("stage").GetString());
        Assert.Equal(5, root.GetProperty("label").GetInt32());
        Assert.Equal("node-a", root.GetProperty("node").GetString());
        Assert.Equal("8", root.GetProperty("params").GetProperty("partitions").GetString());
        Assert.Equal("fast \"quoted\"", root.GetProperty("params").GetProperty("mode").GetString());
        Assert.Equal(WorkingDirectory, root.GetProperty("workdir").GetString());
    }

    [Fact]
    public async Task RunAsync_InputsArriveWhileTheProgramRuns_ReachItBeforeInputsDone()
    {
        var script = Script("echo-inputs.sh", """
            : > seen
            while IFS= read -r line; do
                case "$line" in
                    "INPUT "*) rest=${line#INPUT }; echo "${rest%% *}" >> seen; echo "LOG got input ${rest%% *}" ;;
                    INPUTS_DONE) echo INPUTS_DONE >> seen; echo "OUTPUT 0 seen"; echo DONE; exit 0 ;;
                esac
            done
            """);
        var inputs = new TaskInputChannel();
        var outputs = new MemoryTaskOutputs();
        var run = new ExternalProgramFunction(script, Enabled()).RunAsync(Context(inputs, outputs), CancellationToken.None);

        inputs.Add(TaskRunner.Text(4, "a"));
        await _logger.WaitForAsync(m => m.EndsWith("got input 4", StringComparison.Ordinal), Deadline);
        Assert.False(run.IsCompleted);
        inputs.Add(TaskRunner.Text(9, "b"));
        await _logger.WaitForAsync(m => m.EndsWith("got input 9", StringComparison.Ordinal), Deadline);
        Assert.False(run.IsCompleted);
        inputs.Complete();
        await run.WaitAsync(Deadline);

        Assert.Equal("4\n9\nINPUTS_DONE\n", outputs.GetText(0));
    }

    [Fact]
    public async Task RunAsync_ProgramExitsNonZero_ThrowsRetryableErrorWithItsStandardError()
    {
        var script = Script("fail.sh", """
            read -r task
            echo "first complaint" >&2
            echo "the disk is on fire" >&2
            exit 3
            """);

        var error = await Assert.ThrowsAsync<TaskErrorException>(() => RunAsync(script));

        Assert.Contains("exited with code 3 without sending DONE", error.Message, StringComparison.Ordinal);
        Assert.Contains("first complaint\n  the disk is on fire", error.Message, StringComparison.Ordinal);
        Assert.Equal(TaskFailureKind.Retryable, TaskFailure.Classify(error));
    }

    [Fact]
    public async Task RunAsync_ProgramReportsFatal_ThrowsFatalWithItsMessageAndKillsIt()
    {
        var script = Script("fatal.sh", """
            read -r task
            echo $$ > program.pid
            echo "FATAL the dictionary file is missing"
            sleep 60
            """);

        var error = await Assert.ThrowsAsync<TaskFatalException>(() => RunAsync(script));

        Assert.Equal("the dictionary file is missing", error.Message);
        Assert.Equal(TaskFailureKind.Fatal, TaskFailure.Classify(error));
        var pid = int.Parse(await ProcessProbe.WaitForFileAsync(Path.Combine(WorkingDirectory, "program.pid"), Deadline));
        Assert.True(await ProcessProbe.WaitForExitAsync(pid, Deadline));
    }

    [Fact]
    public async Task RunAsync_ProgramReportsError_ThrowsRetryableWithItsMessage()
    {
        var script = Script("error.sh", """
            read -r task
            echo "ERROR the network share is not mounted yet"
            """);

        var error = await Assert.ThrowsAsync<TaskErrorException>(() => RunAsync(script));

        Assert.Contains("reported ERROR: the network share is not mounted yet", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ProgramSilentLongerThanTheHeartbeatTimeout_ThrowsRetryableAndKillsItsProcessTree()
    {
        var script = Script("hang.sh", """
            read -r task
            echo HEARTBEAT
            sleep 60 &
            echo $! > child.pid
            echo "going quiet" >&2
            wait
            """);
        var stopwatch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<TaskErrorException>(() => RunAsync(script, o => o.HeartbeatTimeout = TimeSpan.FromMilliseconds(700)));

        Assert.Contains("sent no message for 00:00:00.7000000", error.Message, StringComparison.Ordinal);
        Assert.Contains("going quiet", error.Message, StringComparison.Ordinal);
        Assert.True(stopwatch.Elapsed < Deadline, $"took {stopwatch.Elapsed}");
        var child = int.Parse(await ProcessProbe.WaitForFileAsync(Path.Combine(WorkingDirectory, "child.pid"), Deadline));
        Assert.True(await ProcessProbe.WaitForExitAsync(child, Deadline), $"the program's child {child} survived");
    }

    [Fact]
    public async Task RunAsync_HeartbeatsKeepALongProgramAlive_Completes()
    {
        var script = Script("slow.sh", """
            read -r task
            for i in 1 2 3 4 5 6 7 8 9 10 11 12; do sleep 0.25; echo HEARTBEAT; done
            echo DONE
            """);

        // Three seconds of work, never more than a quarter of a second without a heartbeat.
        await RunAsync(script, o => o.HeartbeatTimeout = TimeSpan.FromSeconds(2));

        Assert.DoesNotContain(_logger.Messages, m => m.Contains("killed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_WaitingForInputsOfAConcurrentStage_DoesNotCountAsSilence()
    {
        var script = Script("wait-inputs.sh", """
            while IFS= read -r line; do
                case "$line" in INPUTS_DONE) echo DONE; exit 0 ;; esac
            done
            """);
        var inputs = new TaskInputChannel();
        var run = RunAsync(script, o => o.HeartbeatTimeout = TimeSpan.FromSeconds(1.5), inputs);

        // Heartbeat timeouts pass while the scheduler has no input to give; the program is not to blame.
        await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(4)));
        Assert.False(run.IsCompleted);
        inputs.Complete();
        await run.WaitAsync(Deadline);
    }

    [Fact]
    public async Task RunAsync_Cancelled_KillsTheProgramAndItsChildren()
    {
        var script = Script("forever.sh", """
            read -r task
            sleep 60 &
            echo $! > child.pid
            echo "LOG started"
            wait
            """);
        using var cancellation = new CancellationTokenSource();
        var run = RunAsync(script, cancellationToken: cancellation.Token);
        await _logger.WaitForAsync(m => m.EndsWith("started", StringComparison.Ordinal), Deadline);
        var child = int.Parse(await ProcessProbe.WaitForFileAsync(Path.Combine(WorkingDirectory, "child.pid"), Deadline));

        await cancellation.CancelAsync();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Equal(TaskFailureKind.Cancelled, TaskFailure.Classify(error, cancellation.Token));
        Assert.True(await ProcessProbe.WaitForExitAsync(child, Deadline), $"the program's child {child} survived");
    }

    [Fact]
    public async Task RunAsync_ExternalProgramsDisabled_ThrowsFatalSayingHowToEnableThem()
    {
        var script = Script("marker.sh", "touch ran");

        var error = await Assert.ThrowsAsync<TaskFatalException>(() => new ExternalProgramFunction(script, new TaskOptions())
            .RunAsync(Context(new TaskInputList(), new MemoryTaskOutputs()), CancellationToken.None));

        Assert.Contains($"'{script}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("disabled on node 'node-a'", error.Message, StringComparison.Ordinal);
        Assert.Contains("TaskOptions.AllowExternalPrograms to true", error.Message, StringComparison.Ordinal);
        Assert.Contains("Tasks__AllowExternalPrograms=true", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(WorkingDirectory, "ran")));
    }

    [Fact]
    public async Task RunAsync_MalformedLine_ThrowsRetryableQuotingIt()
    {
        var script = Script("chatty.sh", """
            read -r task
            echo "Processing file 1 of 3..."
            sleep 60
            """);

        var error = await Assert.ThrowsAsync<TaskErrorException>(() => RunAsync(script));

        Assert.Contains("not a protocol message: 'Processing file 1 of 3...'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_DoneThenNonZeroExit_ThrowsRetryable()
    {
        var script = Script("done-fail.sh", """
            read -r task
            echo DONE
            exit 4
            """);

        var error = await Assert.ThrowsAsync<TaskErrorException>(() => RunAsync(script));

        Assert.Contains("sent DONE but exited with code 4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_OutputFileMissing_ThrowsRetryableNamingThePath()
    {
        var script = Script("ghost.sh", """
            read -r task
            echo "OUTPUT 1 ghost.txt"
            echo DONE
            """);

        var error = await Assert.ThrowsAsync<TaskErrorException>(() => RunAsync(script));

        Assert.Contains($"OUTPUT 1 'ghost.txt', but there is no file at {Path.Combine(WorkingDirectory, "ghost.txt")}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_SeveralOutputsToOneLabel_AppendsThem()
    {
        var script = Script("append.sh", """
            read -r task
            printf 'a\n' > one; printf 'b\n' > two
            echo "OUTPUT 3 one"
            echo "OUTPUT 3 two"
            echo DONE
            """);
        var outputs = new MemoryTaskOutputs();

        await new ExternalProgramFunction(script, Enabled()).RunAsync(Context(new TaskInputList(), outputs), CancellationToken.None);

        Assert.Equal("a\nb\n", outputs.GetText(3));
    }

    [Fact]
    public async Task RunAsync_InputsFailWhileTheProgramRuns_ThrowsTheInputsError()
    {
        var script = Script("reader.sh", """
            while IFS= read -r line; do :; done
            echo DONE
            """);
        var inputs = new TaskInputChannel();
        var run = RunAsync(script, inputs: inputs);

        inputs.Add(TaskRunner.Text(0, "a"));
        inputs.Fail(new TaskErrorException("the producer of input 1 was lost"));

        var error = await Assert.ThrowsAsync<TaskErrorException>(() => run);
        Assert.Equal("the producer of input 1 was lost", error.Message);
    }

    [Fact]
    public async Task RunAsync_MissingExecutable_ThrowsFatalSayingToInstallIt()
    {
        var error = await Assert.ThrowsAsync<TaskFatalException>(() => RunAsync("no-such-program-4711 --help"));

        Assert.Contains("could not start 'no-such-program-4711' on node 'node-a'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Install the program", error.Message, StringComparison.Ordinal);
    }

    private TaskOptions Enabled(Action<TaskOptions>? configure = null)
    {
        var options = new TaskOptions { AllowExternalPrograms = true };
        configure?.Invoke(options);
        return options;
    }

    private TaskContext Context(ITaskInputs inputs, ITaskOutputs outputs, IReadOnlyDictionary<string, string>? parameters = null, int groupLabel = 0) =>
        TaskRunner.Context(inputs, outputs, WorkingDirectory, parameters, groupLabel, _logger);

    private async Task RunAsync(string commandLine, Action<TaskOptions>? configure = null, ITaskInputs? inputs = null, CancellationToken cancellationToken = default)
    {
        var outputs = new MemoryTaskOutputs();
        await new ExternalProgramFunction(commandLine, Enabled(configure))
            .RunAsync(Context(inputs ?? new TaskInputList(), outputs), cancellationToken);
    }

    /// <summary>Writes a /bin/sh script and returns the command line that runs it.</summary>
    private string Script(string name, string body) =>
        $"sh {_scratch.WriteFile(Path.Combine("scripts", name), body.ReplaceLineEndings("\n") + "\n")}";
}
