using System.Diagnostics;
using System.Runtime.Versioning;
using System.Text;
using Npgsql;
using Orleans.Pipeline.Jobs;
using Orleans.Pipeline.Runtime;
using Orleans.Pipeline.SiloHost.Tests.Support;
using Orleans.Pipeline.Specs;
using Orleans.Pipeline.TestKit;
using Orleans.Pipeline.TestKit.Processes;
using Xunit.Abstractions;

namespace Orleans.Pipeline.SiloHost.Tests;

/// <summary>
/// Pipeline jobs on silo-host processes on loopback that share one PostgreSQL database, each silo with a data
/// directory of its own, as on several machines: a silo killed with SIGKILL in the middle of a job. Each test has a
/// database and a cluster of its own.
/// </summary>
[Trait("Category", "Process")]
[Trait("Category", "Fault")]
[UnsupportedOSPlatform("windows")] // POSIX signals and a /bin/sh task program
public sealed class JobRecoveryProcessTests(PostgresDatabaseFixture postgres, ITestOutputHelper output) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private const string JobId = "kill-mid-job";
    private const int GatedLabel = 2;
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(30);

    // A task program over the line protocol of docs/task-protocol.md: it copies its inputs into the output of its
    // group label, but the task labeled $1 finishes only once the file $2 exists, so the test decides when it ends.
    private const string GatedCopyScript = """
        set -u
        gated=$1
        release=$2
        label=
        : > copy.out
        while IFS= read -r line; do
            case "$line" in
                "TASK "*)
                    label=${line#*\"label\":}
                    label=${label%%[!0-9]*}
                    ;;
                "INPUT "*)
                    rest=${line#INPUT }
                    if ! cat "${rest#* }" >> copy.out; then
                        echo "ERROR could not read input ${rest#* }"
                        exit 1
                    fi
                    echo HEARTBEAT
                    ;;
                INPUTS_DONE)
                    if [ "$label" = "$gated" ]; then
                        while [ ! -e "$release" ]; do
                            echo HEARTBEAT
                            sleep 0.1
                        done
                    fi
                    echo "OUTPUT $label copy.out"
                    echo DONE
                    exit 0
                    ;;
            esac
        done
        echo "ERROR standard input ended before INPUTS_DONE"
        exit 1
        """;

    private readonly string _clusterId = $"job-{Guid.NewGuid():N}"[..12];
    private readonly string _secret = Convert.ToHexString(Guid.NewGuid().ToByteArray());
    private readonly TemporaryDirectory _programs = new("pipeline-programs");
    private readonly Dictionary<string, TemporaryDirectory> _dataDirectories = [];
    private readonly List<SiloHostProcess> _processes = [];
    private string _database = "";

    // Each silo has two connection pools (grain state, cluster); a job makes few calls, so small pools keep three
    // silos well under the test server's max_connections.
    public async Task InitializeAsync() =>
        _database = new NpgsqlConnectionStringBuilder(await postgres.CreateDatabaseAsync()) { MaxPoolSize = 10 }.ConnectionString;

    public Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            process.Dispose();
        }

        foreach (var directory in _dataDirectories.Values)
        {
            directory.Dispose();
        }

        _programs.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task KillSilo_MidJobAsProcess_JobCompletesWithCorrectResultsAndLostOutputsAreRecomputed()
    {
        var clock = Stopwatch.StartNew();
        var silos = await StartSilosAsync("silo-a", "silo-b", "silo-c");
        await using var table = new ClusterTable(_database, _clusterId);
        await using var client = await GrainCalls.ConnectAsync(_clusterId, _secret, [.. silos.Select(s => s.Listening!.Gateway)]);
        var job = client.GetGrain<IJobGrain>(JobId);

        // Activating the job grain registers it in the cluster's grain directory. The victim is neither its silo nor
        // the client's gateway: this test is about outputs lost with a silo (a job grain that dies with its silo
        // resumes from its persisted state elsewhere, which the in-process recovery tests show).
        Assert.Equal(JobStatus.Unknown, (await job.GetViewAsync()).Status);
        var jobSiloAddress = await table.SiloOfAsync(GrainId.Create("job", JobId));
        Assert.NotNull(jobSiloAddress);
        var jobSilo = (await table.ReadAsync()).Single(e => e.Address == jobSiloAddress).SiloName;
        var victim = silos.First(s => s.Listening!.SiloName != jobSilo && !s.Listening!.Is(client.CurrentGateway));
        var victimName = victim.Listening!.SiloName;
        var survivors = silos.Where(s => s != victim).Select(s => s.Listening!.SiloName).ToArray();
        output.WriteLine($"Job grain on {jobSilo}, client gateway {client.CurrentGateway}, victim {victimName}.");

        // Input 1 is read on the victim first; its second replica lets the recomputed producer read it on a survivor.
        var script = _programs.GetPath("gated-copy.sh");
        await File.WriteAllTextAsync(script, GatedCopyScript);
        var release = _programs.GetPath("release");
        var spec = JobSpec.Create("kill-mid-job")
            .Input(1, await WriteInputAsync(victimName, "one.txt", "one\n"), await WriteInputAsync(survivors[1], "one.txt", "one\n"))
            .Input(GatedLabel, await WriteInputAsync(survivors[0], "two.txt", "two\n"))
            .Stage("produce", Grouping.Split, TaskRef.Function("identity"))
            .Stage("consume", Grouping.Split, TaskRef.Program($"sh {script} {GatedLabel} {release}"))
            .Stage("gather", Grouping.GroupAll, TaskRef.Function("cat"))
            .Build();
        await SubmitAsync(job, spec);

        // Mid-job: both tasks of label 1 finished on the victim (their outputs live only there), the gated consumer runs.
        var before = await WaitForViewAsync(job, "label 1 consumed and the gated consumer running", v =>
            TaskOf(v, 1, 1) is { Status: PipelineTaskStatus.Done }
            && TaskOf(v, 1, GatedLabel) is { Status: PipelineTaskStatus.Running });
        Assert.Equal(victimName, TaskOf(before, 0, 1)!.Node);
        Assert.Equal(victimName, TaskOf(before, 1, 1)!.Node);
        Assert.Equal(survivors[0], TaskOf(before, 1, GatedLabel)!.Node);

        var killedAt = clock.Elapsed;
        await victim.KillAsync();
        var recomputing = await WaitForViewAsync(job, $"the outputs lost with {victimName} recomputed", v => v.Events.Any(e => e.Kind == "task-recompute"));
        output.WriteLine($"SIGKILL at {killedAt.TotalSeconds:0.0} s; the job recomputed the lost outputs {(clock.Elapsed - killedAt).TotalSeconds:0.0} s later.");
        Assert.Equal(PipelineTaskStatus.Running, TaskOf(recomputing, 1, GatedLabel)!.Status);
        await File.WriteAllBytesAsync(release, []);

        var status = JobStatus.Running;
        var ending = Stopwatch.StartNew();
        while (status == JobStatus.Running && ending.Elapsed < StepTimeout)
        {
            status = await job.WaitAsync(TimeSpan.FromSeconds(5));
        }

        var view = await job.GetViewAsync();
        output.WriteLine($"The job ended {view.Status} at {clock.Elapsed.TotalSeconds:0.0} s.");
        Assert.True(view.Status == JobStatus.Succeeded, $"{view.Status}: {view.Error}{Environment.NewLine}{Describe(view)}");

        // The lost outputs, and only they, were computed again, on survivors; the job grain never moved.
        var producer = TaskOf(view, 0, 1)!;
        var consumer = TaskOf(view, 1, 1)!;
        var recompute = Assert.Single(view.Events, e => e.Kind == "task-recompute");
        Assert.Equal(producer.TaskId, recompute.TaskId);
        Assert.Contains($"its outputs were lost with silo {victimName}", recompute.Message, StringComparison.Ordinal);
        Assert.Contains(view.Events, e => e.Kind == "task-restart" && e.TaskId == consumer.TaskId);
        Assert.Equal((2, survivors[1]), (producer.Attempt, producer.Node));
        Assert.Equal(2, consumer.Attempt);
        Assert.Contains(consumer.Node!, survivors);
        Assert.Equal(1, TaskOf(view, 0, GatedLabel)!.Attempt);
        Assert.Equal(1, TaskOf(view, 1, GatedLabel)!.Attempt);
        Assert.DoesNotContain(view.Events, e => e.Kind is "resumed" or "task-retry" or "task-failed");
        Assert.Equal(jobSiloAddress, await table.SiloOfAsync(GrainId.Create("job", JobId)));

        // The one result (gather's label 0) is read from the survivor that holds it: both lines, in arrival order.
        var result = Assert.Single(await job.GetResultsAsync());
        Assert.Contains(result.Node, survivors);
        var text = await ReadResultAsync(job, 0);
        Assert.Equal(result.Size, Encoding.UTF8.GetByteCount(text));
        Assert.Equal(new[] { "one", "two" }, text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
        Assert.True(victim.HasExited);
        Assert.All(silos.Where(s => s != victim), s => Assert.False(s.HasExited, s.Output));
    }

    private SiloHostProcess StartSilo(string name)
    {
        var dataDirectory = new TemporaryDirectory($"pipeline-{name}");
        _dataDirectories.Add(name, dataDirectory);
        var process = SiloHostProcess.Start(
        [
            "--name", name,
            "--data-dir", dataDirectory.Path,
            "--cluster-id", _clusterId,
            "--secret", _secret,
            "--storage", "postgres",
            "--database", _database,
            "--slots", "2",
            "--allow-programs",
        ]);
        _processes.Add(process);
        return process;
    }

    /// <summary>Starts the silos one after another (each joins a running cluster) and waits for each to listen.</summary>
    private async Task<IReadOnlyList<SiloHostProcess>> StartSilosAsync(params string[] names)
    {
        var started = new List<SiloHostProcess>();
        foreach (var name in names)
        {
            var silo = StartSilo(name);
            await silo.WaitForListeningAsync();
            started.Add(silo);
        }

        return started;
    }

    /// <summary>Writes an input file into the data directory of <paramref name="silo"/> and returns its location there.</summary>
    private async Task<Location> WriteInputAsync(string silo, string name, string text)
    {
        var path = Path.Combine(_dataDirectories[silo].Path, "inputs", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, text);
        return Location.OnNode(silo, path);
    }

    /// <summary>
    /// Submits the job. Each silo reads the membership table once a second, so the job grain's silo may not see the
    /// silo that joined last yet and reject an input placed there; a rejected spec created nothing, so it is submitted again.
    /// </summary>
    private static async Task SubmitAsync(IJobGrain job, JobSpec spec)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await job.SubmitAsync(spec);
                return;
            }
            catch (Exception error) when (error.Message.Contains("no live silo is named", StringComparison.Ordinal) && clock.Elapsed < StepTimeout)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>Polls the job's view until <paramref name="condition"/> holds; fails when the job ends first or the deadline passes.</summary>
    private static async Task<JobView> WaitForViewAsync(IJobGrain job, string awaited, Func<JobView, bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var view = await job.GetViewAsync();
            if (condition(view))
            {
                return view;
            }

            if (view.Status != JobStatus.Running || clock.Elapsed > StepTimeout)
            {
                throw new TimeoutException($"Job {view.JobId} ({view.Status}, {view.Error}) never reached the awaited state ({awaited}) within {StepTimeout.TotalSeconds:0} s:{Environment.NewLine}{Describe(view)}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>The task of stage <paramref name="stage"/> with group label <paramref name="label"/>, or null before the stage has it.</summary>
    private static TaskView? TaskOf(JobView view, int stage, int label) =>
        view.Stages[stage].Tasks.SingleOrDefault(t => t.Label == label);

    private static async Task<string> ReadResultAsync(IJobGrain job, int index)
    {
        var bytes = new List<byte>();
        while (await job.ReadResultAsync(index, bytes.Count, 64 * 1024) is { Length: > 0 } chunk)
        {
            bytes.AddRange(chunk);
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }

    private static string Describe(JobView view) =>
        string.Join(Environment.NewLine, view.Events.Select(e => $"{e.Kind}: {e.Message}"));
}
