using System.Runtime.Versioning;
using Orleans.Pipeline.Client.Tests.Support;
using Orleans.Pipeline.TestKit;
using Orleans.Pipeline.TestKit.Processes;

namespace Orleans.Pipeline.Client.Tests.Commands;

/// <summary>The client against a silo-host process found through its data directory, as on one machine.</summary>
[Trait("Category", "Process")]
[UnsupportedOSPlatform("windows")] // POSIX signals
public sealed class SiloHostProcessTests : IDisposable
{
    private readonly TemporaryDirectory _dataDirectory = new("client-silo-host");

    public void Dispose() => _dataDirectory.Dispose();

    [Fact]
    public async Task Submit_SiloHostByDataDirectory_RunsTheExampleAndShowsTheSilo()
    {
        using var silo = SiloHostProcess.Start(["--data-dir", _dataDirectory.Path, "--name", "solo", "--slots", "3"]);
        await silo.WaitForListeningAsync();
        var example = Path.Combine(BuildOutput.RepositoryRoot, "examples", "wordcount.yaml");
        var output = _dataDirectory.GetPath("out");

        var submitted = await ConsoleRunner.RunAsync("submit", example, "--watch", "--id", "by-data-dir", "--out", output, "--data-dir", _dataDirectory.Path);
        var shown = await ConsoleRunner.RunAsync("cluster", "--data-dir", _dataDirectory.Path);

        Assert.True(submitted.ExitCode == 0, submitted + Environment.NewLine + silo.Output);
        Assert.Equal(4, Directory.GetFiles(output).Length);
        var words = Directory.GetFiles(output).SelectMany(File.ReadAllLines).Select(l => l.Split('\t')).ToDictionary(c => c[0], c => int.Parse(c[1]));
        Assert.Equal(10, words["was"]);
        Assert.Equal(2, words["epoch"]);
        Assert.True(shown.ExitCode == 0, shown.ToString());
        var cells = Assert.Single(shown.Output.Split(Environment.NewLine), l => l.StartsWith("solo ", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["solo", silo.Listening!.Gateway, "Active", "3", "0", "0"], cells[..6]);

        await silo.InterruptAsync();
        Assert.Equal(0, await silo.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Submit_ProgramTask_IsRejectedUnlessTheSiloAllowsPrograms()
    {
        // The smallest program that speaks the task protocol: it reads until the inputs end and reports DONE.
        var script = _dataDirectory.GetPath("done.sh");
        await File.WriteAllTextAsync(script, "while read -r line; do case \"$line\" in INPUTS_DONE*) break;; esac; done\necho DONE\n");
        var job = _dataDirectory.GetPath("program.yaml");
        await File.WriteAllTextAsync(job, $$$"""
            name: program-check
            inputs: [{locations: [{text: "x"}]}]
            stages: [{name: run, grouping: split, task: {program: "sh {{{script}}}"}}]
            """);
        using (var silo = SiloHostProcess.Start(["--data-dir", _dataDirectory.Path, "--name", "strict"]))
        {
            await silo.WaitForListeningAsync();

            var refused = await ConsoleRunner.RunAsync("submit", job, "--watch", "--id", "refused", "--data-dir", _dataDirectory.Path);

            Assert.True(refused.ExitCode == 2, refused.ToString());
            Assert.Contains("The cluster rejected the job; nothing was created.", refused.Error);
            Assert.Contains("stages[0].task.program: stage 'run' runs the external program", refused.Error);
            Assert.Contains("(live silos: strict); start a silo with --allow-programs", refused.Error);
            Assert.DoesNotContain("Submitted", refused.Output);
            await silo.InterruptAsync();
            await silo.WaitForExitAsync(TimeSpan.FromSeconds(30));
        }

        using (var silo = SiloHostProcess.Start(["--data-dir", _dataDirectory.Path, "--name", "open", "--allow-programs"]))
        {
            await silo.WaitForListeningAsync();

            var allowed = await ConsoleRunner.RunAsync("submit", job, "--watch", "--id", "allowed", "--data-dir", _dataDirectory.Path);

            Assert.True(allowed.ExitCode == 0, allowed + Environment.NewLine + silo.Output);
            await silo.InterruptAsync();
            await silo.WaitForExitAsync(TimeSpan.FromSeconds(30));
        }
    }
}
