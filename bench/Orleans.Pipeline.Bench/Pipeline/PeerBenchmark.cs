using System.Diagnostics;
using System.Text.Json;

namespace Orleans.Pipeline.Bench.Pipeline;

/// <summary>
/// The peer of the pipeline benchmarks: <c>../shared/peer-bench/dask_bench.py</c> (Dask distributed from Debian's
/// packages), run on this machine in the same run with the same corpus and sizes. It also generates that corpus.
/// </summary>
public static class PeerBenchmark
{
    private const string Python = "/usr/bin/python3";

    /// <summary>The peer-bench folder beside the repository (<c>../shared/peer-bench</c>).</summary>
    public static string PeerBenchDirectory
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Orleans.Pipeline.sln")))
            {
                directory = directory.Parent;
            }

            var peer = directory?.Parent is { } parent ? Path.Combine(parent.FullName, "shared", "peer-bench") : null;
            return peer is not null && File.Exists(Path.Combine(peer, "dask_bench.py"))
                ? peer
                : throw new DirectoryNotFoundException("../shared/peer-bench/dask_bench.py was not found beside the repository.");
        }
    }

    /// <summary>Generates the 64 MiB, 16-file corpus into <paramref name="directory"/> unless it is there already.</summary>
    public static async Task EnsureCorpusAsync(string directory)
    {
        if (Directory.Exists(directory) && Directory.GetFiles(directory, "part-*.txt").Length == 16)
        {
            return;
        }

        var result = await RunAsync(Path.Combine(PeerBenchDirectory, "gen_corpus.py"), ["--out", directory]);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"gen_corpus.py failed: {result.Output}");
        }
    }

    /// <summary>Runs the named Dask workloads with one worker-saturation setting; returns workload → median wall seconds (its <c>wall_s</c>).</summary>
    public static async Task<IReadOnlyDictionary<string, double>> RunDaskAsync(string corpus, IEnumerable<string> workloads, string saturation, int repeats)
    {
        var result = await RunAsync(
            Path.Combine(PeerBenchDirectory, "dask_bench.py"),
            ["--corpus", corpus, "--workloads", string.Join(',', workloads), "--worker-saturation", saturation, "--repeats", repeats.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"dask_bench.py failed (is python3-distributed installed? apt-get install python3-distributed python3-dask): {result.Output}");
        }

        var medians = new Dictionary<string, double>();
        foreach (var line in result.Output.Split('\n'))
        {
            if (!line.StartsWith('{'))
            {
                continue;
            }

            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            if (root.TryGetProperty("workload", out var workload) && root.TryGetProperty("wall_s", out var median))
            {
                medians[workload.GetString()!] = median.GetDouble();
            }
        }

        return medians;
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string script, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {Python}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }
}
