using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Pipeline.Runtime.Client;
using Orleans.Pipeline.Runtime.Membership;
using Orleans.Pipeline.Runtime.Placement;
using Orleans.Pipeline.Runtime.Storage.Sqlite;

namespace Orleans.Pipeline.Bench.Cluster;

/// <summary>
/// Two silo-host processes on loopback sharing a SQLite cluster file, with this assembly's grains loaded through
/// <c>--grain-assembly</c>, and a client connected to one of them (silo A). Drivers pinned to A call targets pinned
/// to B, so every measured call crosses from one silo process to the other and back: calls/s with many calls in
/// flight, latency at moderate load, and how long A takes to see B dead after B is killed with SIGKILL. The silos
/// run silo-host's default settings (membership timings included). Each figure is one JSON line.
/// </summary>
public static class ClusterBenchmarks
{
    private const string ClusterId = "bench";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    public static async Task RunAsync(TextWriter output, bool quick)
    {
        ArgumentNullException.ThrowIfNull(output);
        var duration = TimeSpan.FromSeconds(quick ? 2 : 5);
        var directory = Path.Combine(Path.GetTempPath(), $"bench-cluster-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        var secretFile = Path.Combine(directory, "cluster.secret");
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        await File.WriteAllTextAsync(secretFile, secret);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(secretFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var database = Path.Combine(directory, "cluster.db");
        var siloHost = FindSiloHost();
        string[] Arguments(string name) =>
        [
            "--cluster-id", ClusterId,
            "--secret-file", secretFile,
            "--storage", "sqlite",
            "--database", database,
            "--data-dir", Path.Combine(directory, name),
            "--grain-assembly", typeof(HopDriverGrain).Assembly.Location,
        ];

        using var siloA = BenchSilo.Start(siloHost, "bench-a", Arguments("bench-a"));
        await siloA.WaitForListeningAsync(StartTimeout);
        using var siloB = BenchSilo.Start(siloHost, "bench-b", Arguments("bench-b"));
        await siloB.WaitForListeningAsync(StartTimeout);
        try
        {
            var (addressA, addressB) = await ReadAddressesAsync(database);
            var options = new ClientOptions { ClusterId = ClusterId, ClusterSecret = secret, ResponseTimeout = TimeSpan.FromMinutes(2) };
            options.Gateways.Add($"127.0.0.1:{siloA.Port}");
            await using var client = new ClusterClient(options);
            await client.ConnectAsync();
            var watch = client.GetGrain<IMembershipWatchGrain>(SiloPinnedKey.Create(addressA.ToString(), "watch"));
            await WaitUntilAsync(async () => await watch.StatusOfAsync(addressB.ToString()) == nameof(SiloStatus.Active), "silo A sees silo B active");

            IHopDriverGrain Driver(int i) => client.GetGrain<IHopDriverGrain>(SiloPinnedKey.Create(addressA.ToString(), $"driver-{i}"));

            var route = await Driver(0).RouteAsync(addressB.ToString());
            if (route != "bench-a->bench-b")
            {
                throw new InvalidOperationException($"The measured calls would not cross silos: driver and target run on {route}.");
            }

            // Warm-up: JIT, connections, target activations.
            await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Driver(i).RunAsync(new HopSettings(addressB.ToString(), 256, 64, TimeSpan.FromSeconds(1)))));

            const int Drivers = 8;
            const int OutstandingEach = 256;
            var runs = await Task.WhenAll(Enumerable.Range(0, Drivers).Select(i => Driver(i).RunAsync(new HopSettings(addressB.ToString(), 256, OutstandingEach, duration))));
            var calls = runs.Sum(r => r.Calls);
            var seconds = runs.Max(r => r.Seconds);
            Report(output, "cross_silo_calls", calls, seconds, calls / seconds, $"\"outstanding\":{Drivers * OutstandingEach},\"worst_driver_p99_us\":{runs.Max(r => r.P99Microseconds):F0}");

            foreach (var outstanding in new[] { 64, 1 })
            {
                var run = await Driver(0).RunAsync(new HopSettings(addressB.ToString(), 64, outstanding, duration));
                Report(
                    output,
                    "cross_silo_latency",
                    run.Calls,
                    run.Seconds,
                    run.Calls / run.Seconds,
                    $"\"outstanding\":{outstanding},\"p50_us\":{run.P50Microseconds:F0},\"p99_us\":{run.P99Microseconds:F0},\"max_us\":{run.MaxMicroseconds:F0}");
            }

            var clock = Stopwatch.StartNew();
            await siloB.KillAsync();
            await WaitUntilAsync(async () => await watch.StatusOfAsync(addressB.ToString()) == nameof(SiloStatus.Dead), "silo A sees silo B dead", pollMilliseconds: 10);
            var detection = clock.Elapsed;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{{\"benchmark\":\"killed_silo_detection\",\"seconds\":{detection.TotalSeconds:F3},\"silos\":2}}"));
        }
        catch (Exception error) when (error is TimeoutException or InvalidOperationException)
        {
            throw new InvalidOperationException($"{error.Message}{Environment.NewLine}silo A:{Environment.NewLine}{siloA.Output}{Environment.NewLine}silo B:{Environment.NewLine}{siloB.Output}", error);
        }
        finally
        {
            siloA.Dispose();
            siloB.Dispose();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<(SiloAddress A, SiloAddress B)> ReadAddressesAsync(string database)
    {
        await using var services = new ServiceCollection().AddSqliteClustering(database, ClusterId).BuildServiceProvider();
        var snapshot = await services.GetRequiredService<IMembershipTable>().ReadAllAsync();
        SiloAddress Of(string name) => snapshot.Rows.Select(r => r.Entry).Single(e => e.SiloName == name && e.Status == SiloStatus.Active).Address;
        return (Of("bench-a"), Of("bench-b"));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, int pollMilliseconds = 50)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > StartTimeout)
            {
                throw new TimeoutException($"Gave up waiting until {what}.");
            }

            await Task.Delay(pollMilliseconds);
        }
    }

    private static string FindSiloHost()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = output.Parent?.Name ?? "Release";
        var root = output;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Orleans.Pipeline.sln")))
        {
            root = root.Parent;
        }

        var dll = root is null ? null : Path.Combine(root.FullName, "silo-host", "bin", configuration, "net10.0", "silo-host.dll");
        return dll is not null && File.Exists(dll)
            ? dll
            : throw new FileNotFoundException($"silo-host is not built for {configuration}: run dotnet build -c {configuration} silo-host.", dll);
    }

    private static void Report(TextWriter output, string name, long calls, double seconds, double perSecond, string extra) =>
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{{\"benchmark\":\"{name}\",\"calls\":{calls},\"seconds\":{seconds:F3},\"per_second\":{perSecond:F0},{extra}}}"));
}
