using System.Diagnostics;
using System.Runtime.Versioning;
using Npgsql;
using Orleans.Pipeline.ProcessTestGrains;
using Orleans.Pipeline.Runtime.Client;
using Orleans.Pipeline.Runtime.Membership;
using Orleans.Pipeline.Runtime.Messaging;
using Orleans.Pipeline.SiloHost.Tests.Support;
using Orleans.Pipeline.TestKit;
using Orleans.Pipeline.TestKit.Processes;
using Xunit.Abstractions;

namespace Orleans.Pipeline.SiloHost.Tests;

/// <summary>
/// Clusters of silo-host processes on loopback sharing one PostgreSQL database, as several machines would: a silo
/// killed with SIGKILL, a silo and a client with the wrong secret, a silo stopped with SIGINT. Each test has a
/// database and a cluster of its own.
/// </summary>
[Trait("Category", "Process")]
[Trait("Category", "Fault")]
[UnsupportedOSPlatform("windows")] // POSIX signals
public sealed class ClusterProcessTests(PostgresDatabaseFixture postgres, ITestOutputHelper output) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);
    private readonly string _clusterId = $"proc-{Guid.NewGuid():N}"[..13];
    private readonly string _secret = Convert.ToHexString(Guid.NewGuid().ToByteArray());
    private readonly List<SiloHostProcess> _processes = [];
    private string _database = "";

    // Each silo has two connection pools (grain state, cluster) of Npgsql's default 100 connections; three silos
    // calling 300 grains at once would pass the test server's max_connections (300).
    public async Task InitializeAsync() =>
        _database = new NpgsqlConnectionStringBuilder(await postgres.CreateDatabaseAsync()) { MaxPoolSize = 20 }.ConnectionString;

    public Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            process.Dispose();
        }

        return Task.CompletedTask;
    }

    [Fact]
    public async Task KillSilo_ThreeProcessesOnPostgres_DeclaredDeadUnderFiveSecondsAndItsGrainsMoveWithTheirState()
    {
        const int Grains = 300;
        var silos = await StartSilosAsync("silo-a", "silo-b", "silo-c");
        await using var table = new ClusterTable(_database, _clusterId);
        await using var client = await GrainCalls.ConnectAsync(_clusterId, _secret, [.. silos.Select(s => s.Listening!.Gateway)]);
        await WaitUntilPlacementReachesAsync(client, silos.Select(s => s.Listening!.SiloName));

        var first = await GrainCalls.TouchAllAsync(client, "where-", Grains);
        Assert.Equal(silos.Select(s => s.Listening!.SiloName).Order(), first.Select(r => r.Silo).Distinct().Order());
        Assert.All(first, r => Assert.Equal((1, 1), (r.Activations, r.Calls)));

        var gateway = client.CurrentGateway;
        var victim = silos.First(s => !s.Listening!.Is(gateway));
        var victimName = victim.Listening!.SiloName;
        var victimEntry = await table.EntryOfAsync(victimName);
        Assert.Equal(SiloStatus.Active, victimEntry?.Status);

        var clock = Stopwatch.StartNew();
        await victim.KillAsync();
        var dead = await WaitForStatusAsync(table, victimEntry!.Address, SiloStatus.Dead, TimeSpan.FromSeconds(60));
        var detection = clock.Elapsed;
        output.WriteLine($"{victimName} declared dead {detection.TotalMilliseconds:0} ms after SIGKILL; {first.Count(r => r.Silo == victimName)} of {Grains} grains were on it.");

        Assert.True(
            detection < TimeSpan.FromSeconds(5),
            $"The surviving silos took {detection.TotalSeconds:0.00} s to declare the SIGKILLed silo {victimName} dead with silo-host's default membership timings; the requirement is under 5 s.");
        Assert.NotEmpty(dead.Suspicions);

        var (after, failures) = await GrainCalls.TouchAllUntilAnsweredAsync(client, "where-", Grains, CallTimeout);
        output.WriteLine($"{failures.Sum()} call attempts failed while the gateway learned of the death.");
        for (var i = 0; i < Grains; i++)
        {
            if (first[i].Silo == victimName)
            {
                Assert.NotEqual(victimName, after[i].Silo);
                Assert.Equal(2, after[i].Activations);
                Assert.InRange(after[i].Calls, 2, 2 + failures[i]);
            }
            else
            {
                Assert.True(failures[i] == 0, $"grain where-{i} on surviving silo {first[i].Silo} failed {failures[i]} time(s)");
                Assert.Equal(first[i].Silo, after[i].Silo);
                Assert.Equal((1, 2), (after[i].Activations, after[i].Calls));
            }
        }

        Assert.Contains(first, r => r.Silo == victimName);
        Assert.All(silos.Where(s => s != victim), s => Assert.False(s.HasExited, s.Output));
    }

    [Fact]
    public async Task WrongSecret_SiloAndClient_AreRefusedWhileTheClusterKeepsServing()
    {
        var silos = await StartSilosAsync("silo-a", "silo-b");
        await using var table = new ClusterTable(_database, _clusterId);

        var intruder = StartSilo("intruder", secret: "not-the-cluster-secret");
        var seenActive = false;
        var exited = intruder.WaitForExitAsync(ExitTimeout);
        while (!exited.IsCompleted)
        {
            seenActive |= (await table.ReadAsync()).Any(e => e.SiloName == "intruder" && e.Status == SiloStatus.Active);
            await Task.WhenAny(exited, Task.Delay(50));
        }

        Assert.True(2 == await exited, intruder.Output);
        Assert.Contains("refused this silo's cluster secret", intruder.Output);
        Assert.False(seenActive, "the silo with the wrong secret was Active in the membership table");
        Assert.DoesNotContain(await table.ReadAsync(), e => e.SiloName == "intruder");

        var wrongClient = new ClusterClient(new ClientOptions { ClusterId = _clusterId, ClusterSecret = "not-the-cluster-secret", Gateways = { silos[0].Listening!.Gateway } });
        await using (wrongClient)
        {
            var refused = await Assert.ThrowsAsync<SiloUnavailableException>(() => wrongClient.ConnectAsync());
            Assert.Contains("does not share the cluster secret", refused.Message);
        }

        await using var client = await GrainCalls.ConnectAsync(_clusterId, _secret, [.. silos.Select(s => s.Listening!.Gateway)]);
        var reports = await GrainCalls.TouchAllAsync(client, "served-", 50);
        Assert.All(reports, r => Assert.Contains(r.Silo, new[] { "silo-a", "silo-b" }));
        Assert.All(reports, r => Assert.Equal((1, 1), (r.Activations, r.Calls)));
        var entries = await table.ReadAsync();
        Assert.Equal(2, entries.Count(e => e.Status == SiloStatus.Active));
    }

    [Fact]
    public async Task Interrupt_ClusteredSilo_LeavesWithoutSuspicionExitsZeroAndItsGrainsMoveWithTheirState()
    {
        const int Grains = 100;
        var silos = await StartSilosAsync("silo-a", "silo-b");
        var (staying, leaving) = (silos[0], silos[1]);
        await using var table = new ClusterTable(_database, _clusterId);
        await using var client = await GrainCalls.ConnectAsync(_clusterId, _secret, staying.Listening!.Gateway);
        await WaitUntilPlacementReachesAsync(client, ["silo-a", "silo-b"]);
        var first = await GrainCalls.TouchAllAsync(client, "moved-", Grains);
        Assert.Contains(first, r => r.Silo == "silo-b");
        var leavingEntry = await table.EntryOfAsync("silo-b");

        await leaving.InterruptAsync();

        Assert.True(0 == await leaving.WaitForExitAsync(ExitTimeout), leaving.Output);
        Assert.Contains(leaving.Lines, l => l.Contains("Silo silo-b stopped.", StringComparison.Ordinal));
        var left = (await table.ReadAsync()).Single(e => e.Address == leavingEntry!.Address);
        Assert.Equal(SiloStatus.Dead, left.Status);
        Assert.Empty(left.Suspicions);

        var (after, failures) = await GrainCalls.TouchAllUntilAnsweredAsync(client, "moved-", Grains, CallTimeout);
        for (var i = 0; i < Grains; i++)
        {
            Assert.Equal("silo-a", after[i].Silo);
            Assert.Equal(first[i].Silo == "silo-b" ? 2 : 1, after[i].Activations);
            Assert.InRange(after[i].Calls, 2, 2 + failures[i]);
        }
    }

    private SiloHostProcess StartSilo(string name, string? secret = null)
    {
        var process = SiloHostProcess.Start(
        [
            "--name", name,
            "--cluster-id", _clusterId,
            "--secret", secret ?? _secret,
            "--storage", "postgres",
            "--database", _database,
            "--grain-assembly", ProcessTestGrainsBuild.AssemblyPath,
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

    /// <summary>Touches fresh grains until each silo has received one: the gateway's view then holds every silo.</summary>
    private static async Task WaitUntilPlacementReachesAsync(ClusterClient client, IEnumerable<string> siloNames)
    {
        var missing = siloNames.ToHashSet();
        var clock = Stopwatch.StartNew();
        for (var round = 0; missing.Count > 0; round++)
        {
            Assert.True(clock.Elapsed < CallTimeout, $"grains were never placed on {string.Join(", ", missing)}");
            foreach (var report in await GrainCalls.TouchAllAsync(client, $"warm-{round}-", 30))
            {
                missing.Remove(report.Silo);
            }
        }
    }

    private static async Task<MembershipEntry> WaitForStatusAsync(ClusterTable table, SiloAddress silo, SiloStatus status, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var entry = (await table.ReadAsync()).Single(e => e.Address == silo);
            if (entry.Status == status)
            {
                return entry;
            }

            Assert.True(clock.Elapsed < timeout, $"{silo} is still {entry.Status} after {timeout.TotalSeconds:0} s");
            await Task.Delay(20);
        }
    }
}
