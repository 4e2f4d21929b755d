using System.Runtime.Versioning;
using Orleans.Pipeline.ProcessTestGrains;
using Orleans.Pipeline.SiloHost.Tests.Support;
using Orleans.Pipeline.TestKit;
using Orleans.Pipeline.TestKit.Processes;

namespace Orleans.Pipeline.SiloHost.Tests;

/// <summary>The silo-host executable as a user runs it on one machine: its own process, configured from the command line, a SQLite cluster by default.</summary>
[Trait("Category", "Process")]
[UnsupportedOSPlatform("windows")] // POSIX signals and file modes
public sealed class SiloHostProcessTests : IDisposable
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);
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
    public async Task GrainAssembly_MissingFile_ExitsTwoNamingTheFile()
    {
        var missing = _dataDirectory.GetPath("NoSuchGrains.dll");

        var result = await SiloHostExecutable.RunAsync(["--data-dir", _dataDirectory.Path, "--grain-assembly", missing], TimeSpan.FromMinutes(1));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"Grain assembly '{missing}' does not exist", result.Output);
    }

    [Fact]
    public async Task Slots_Zero_ExitsTwoNamingTheSwitch()
    {
        var result = await SiloHostExecutable.RunAsync(["--data-dir", _dataDirectory.Path, "--slots", "0"], TimeSpan.FromMinutes(1));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--slots 0 (Pipeline:ExecutorSlots) is not a number of executor slots", result.Output);
    }

    [Fact]
    public async Task UnknownSwitch_ExitsTwoListingTheSwitches()
    {
        var result = await SiloHostExecutable.RunAsync(["--data-dir", _dataDirectory.Path, "--cluster", "x"], TimeSpan.FromMinutes(1));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Unknown switch '--cluster'", result.Output);
        Assert.Contains("--cluster-id ID", result.Output);
    }

    [Fact]
    public async Task Interrupt_RunningSilo_StopsCleanlyAndExitsZero()
    {
        using var silo = SiloHostProcess.Start(["--data-dir", _dataDirectory.Path, "--name", "interrupted"]);
        var listening = await silo.WaitForListeningAsync();
        Assert.Equal("interrupted", listening.SiloName);
        Assert.Equal("127.0.0.1", listening.Host);
        Assert.Equal("default", listening.ClusterId);

        await silo.InterruptAsync();

        Assert.Equal(0, await silo.WaitForExitAsync(ExitTimeout));
        Assert.Contains(silo.Lines, l => l.Contains("Silo interrupted stopped.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_WithoutSecret_GeneratesAnOwnerOnlySecretAndReusesItWithTheGrainState()
    {
        var secretFile = _dataDirectory.GetPath("cluster.secret");
        string secret;
        using (var first = StartSolo())
        {
            var listening = await first.WaitForListeningAsync();
            Assert.True(File.Exists(secretFile), first.Output);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(secretFile));
            Assert.Contains(first.Lines, l => l.Contains($"Generated a cluster secret into {secretFile}", StringComparison.Ordinal));
            secret = (await File.ReadAllTextAsync(secretFile)).Trim();
            Assert.Equal(64, secret.Length);

            await using (var client = await GrainCalls.ConnectAsync("default", secret, listening.Gateway))
            {
                var report = await client.GetGrain<IWhereGrain>("kept").TouchAsync();
                Assert.Equal(new WhereReport("solo", report.SiloAddress, Activations: 1, Calls: 1), report);
            }

            await first.InterruptAsync();
            Assert.Equal(0, await first.WaitForExitAsync(ExitTimeout));
        }

        using var second = StartSolo();
        var again = await second.WaitForListeningAsync();
        Assert.Contains(second.Lines, l => l.Contains($"Using the cluster secret in {secretFile}", StringComparison.Ordinal));
        Assert.Equal(secret, (await File.ReadAllTextAsync(secretFile)).Trim());
        await using (var client = await GrainCalls.ConnectAsync("default", secret, again.Gateway))
        {
            var report = await client.GetGrain<IWhereGrain>("kept").TouchAsync();
            Assert.Equal(2, report.Activations);
            Assert.Equal(2, report.Calls);
        }

        await second.InterruptAsync();
        Assert.Equal(0, await second.WaitForExitAsync(ExitTimeout));
    }

    private SiloHostProcess StartSolo() =>
        SiloHostProcess.Start(["--data-dir", _dataDirectory.Path, "--name", "solo", "--grain-assembly", ProcessTestGrainsBuild.AssemblyPath]);
}
