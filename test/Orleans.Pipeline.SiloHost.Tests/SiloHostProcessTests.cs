using System.Diagnostics;
using Orleans.Pipeline.TestKit;

namespace Orleans.Pipeline.SiloHost.Tests;

/// <summary>The silo-host executable as a user runs it: its own process, configured from the command line.</summary>
public sealed class SiloHostProcessTests : IDisposable
{
    private readonly TemporaryDirectory _dataDirectory = new();

    public void Dispose() => _dataDirectory.Dispose();

    [Fact]
    public async Task Demo_EmbeddedSqlite_PrintsAVerifiedCountAndExitsZero()
    {
        var result = await SiloHostExecutable.RunAsync(["--demo", "--data-dir", _dataDirectory.Path], TimeSpan.FromMinutes(2));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Result matches a direct count.", result.Output);
        Assert.True(File.Exists(Path.Combine(_dataDirectory.Path, "cluster.db")), "the default SQLite database is in the data directory");
    }

    [Fact]
    public async Task UnknownStorage_ExitsTwoNamingTheSetting()
    {
        var result = await SiloHostExecutable.RunAsync(["--storage", "mongo", "--data-dir", _dataDirectory.Path], TimeSpan.FromMinutes(1));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Unknown storage 'mongo'", result.Output);
    }

    [Fact]
    public async Task Interrupt_RunningSilo_StopsCleanlyAndExitsZero()
    {
        using var process = Process.Start(SiloHostExecutable.CreateStartInfo(["--data-dir", _dataDirectory.Path, "--name", "interrupted"]))!;
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await WaitUntilAsync(() => output.Any(l => l.Contains("Silo interrupted started", StringComparison.Ordinal)), process);

            var interrupt = await ProcessRunner.RunAsync("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
            Assert.Equal(0, interrupt.ExitCode);
            using var exited = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(exited.Token);

            Assert.Equal(0, process.ExitCode);
            Assert.Contains(output, l => l.Contains("Silo interrupted stopped.", StringComparison.Ordinal));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, Process process)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!condition())
        {
            Assert.False(process.HasExited, "silo-host exited before it started");
            await Task.Delay(50, deadline.Token);
        }
    }
}
