using Orleans.Pipeline.Jobs;
using Orleans.Pipeline.Specs;
using Orleans.Pipeline.Tasks;

namespace Orleans.Pipeline.Grains.Tests;

/// <summary>Task errors, fatal errors and retry limits on a shared cluster.</summary>
[Trait("Category", "Fault")]
public sealed class FailureTests : IClassFixture<PipelineJobTests.Fixture>
{
    private readonly PipelineCluster _pipeline;

    public FailureTests(PipelineJobTests.Fixture fixture)
    {
        _pipeline = fixture.Pipeline;
    }

    [Fact]
    public async Task TaskError_OnFirstAttempt_IsRetriedElsewhereAndTheJobSucceeds()
    {
        _pipeline.RegisterFunction("fails_once", (context, token) =>
            context.Attempt == 1 ? throw new TaskErrorException($"transient failure of task {context.TaskId}") : PipelineCluster.CopyAsync(context, token));
        var spec = JobSpec.Create("retry")
            .InlineInputs(0, "one", "two", "three")
            .Stage("flaky", Grouping.Split, TaskRef.Function("fails_once"))
            .Build();

        var view = await _pipeline.RunAsync("retry-1", spec);

        Assert.True(view.Status == JobStatus.Succeeded, view.Error);
        Assert.All(view.Stages[0].Tasks, t => Assert.Equal(2, t.Attempt));
        Assert.Equal(3, view.Events.Count(e => e.Kind == "task-retry"));
        Assert.Equal(["one", "three", "two"], (await _pipeline.ReadResultsAsync("retry-1")).Select(r => r.Text).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task TaskFatal_EndsTheJobWithItsMessage()
    {
        _pipeline.RegisterFunction("fatal_on_bad", async (context, token) =>
        {
            await foreach (var input in context.Inputs.ReadAllAsync(token))
            {
                await using var stream = await input.OpenReadAsync(token);
                using var reader = new StreamReader(stream);
                if ((await reader.ReadToEndAsync(token)).Contains("corrupt", StringComparison.Ordinal))
                {
                    throw new TaskFatalException("record 7 is corrupt");
                }
            }
        });
        var spec = JobSpec.Create("fatal")
            .InlineInputs(0, "fine", "corrupt data")
            .Stage("check", Grouping.Split, TaskRef.Function("fatal_on_bad"))
            .Build();

        var view = await _pipeline.RunAsync("fatal-1", spec);

        Assert.Equal(JobStatus.Failed, view.Status);
        Assert.Contains("record 7 is corrupt", view.Error);
        Assert.Contains(view.Events, e => e.Kind == "task-fatal");
    }

    [Fact]
    public async Task TaskError_EveryAttempt_FailsTheJobAtTheLimitNamingTheLastError()
    {
        _pipeline.RegisterFunction("always_fails", (context, _) => throw new TaskErrorException($"disk full on attempt {context.Attempt}"));
        var spec = JobSpec.Create("limit")
            .InlineInputs(0, "x")
            .Stage("doomed", Grouping.Split, TaskRef.Function("always_fails"))
            .MaxTaskFailures(3)
            .Build();

        var view = await _pipeline.RunAsync("limit-1", spec);

        Assert.Equal(JobStatus.Failed, view.Status);
        Assert.Contains("failed 3 times", view.Error);
        Assert.Contains("disk full on attempt 3", view.Error);
        Assert.Equal(3, Assert.Single(view.Stages[0].Tasks).Attempt);
    }

    [Fact]
    public async Task ExternalProgram_ShellScript_ProducesLabeledOutputsThroughTheProtocol()
    {
        var script = Path.Combine(_pipeline.Cluster.Directory, "lines.sh");
        await File.WriteAllTextAsync(script, """
            #!/bin/sh
            n=0
            while IFS= read -r line; do
              case "$line" in
                "TASK "*) ;;
                "INPUT "*) rest=${line#INPUT }; label=${rest%% *}; path=${rest#* }; n=$((n+1)); wc -l < "$path" | tr -d ' ' > "count-$n"; echo "OUTPUT $label count-$n" ;;
                INPUTS_DONE) echo DONE; exit 0 ;;
              esac
            done
            echo "ERROR no INPUTS_DONE"
            exit 1
            """.Replace("\r", "", StringComparison.Ordinal));
        var spec = JobSpec.Create("program")
            .InlineInputs(3, "a\nb\nc\n")
            .InlineInputs(5, "d\n")
            .Stage("count", Grouping.Split, TaskRef.Program($"sh {script}"))
            .Build();

        var view = await _pipeline.RunAsync("program-1", spec);

        Assert.True(view.Status == JobStatus.Succeeded, view.Error);
        Assert.Equal([(3, "3\n"), (5, "1\n")], (await _pipeline.ReadResultsAsync("program-1")).OrderBy(r => r.Label));
    }

    [Fact]
    public async Task ExternalProgram_ExitingWithAnError_IsRetriedAndAFatalReportEndsTheJob()
    {
        var marker = Path.Combine(_pipeline.Cluster.Directory, $"ran-{Guid.NewGuid():N}");
        var script = Path.Combine(_pipeline.Cluster.Directory, "flaky.sh");
        await File.WriteAllTextAsync(script, $$"""
            #!/bin/sh
            if [ ! -e {{marker}} ]; then touch {{marker}}; echo "boom" >&2; exit 3; fi
            echo "FATAL the input format is not supported"
            """.Replace("\r", "", StringComparison.Ordinal));
        var spec = JobSpec.Create("program-fatal")
            .InlineInputs(0, "x")
            .Stage("run", Grouping.Split, TaskRef.Program($"sh {script}"))
            .Build();

        var view = await _pipeline.RunAsync("program-fatal-1", spec);

        Assert.Equal(JobStatus.Failed, view.Status);
        Assert.Contains("the input format is not supported", view.Error);
        Assert.Contains(view.Events, e => e.Kind == "task-retry");
        Assert.Equal(2, Assert.Single(view.Stages[0].Tasks).Attempt);
    }
}
