using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Orleans.Pipeline.Bench.Cluster;

/// <summary>A silo-host process started by the benchmark; its output is kept for error messages.</summary>
public sealed partial class BenchSilo : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly TaskCompletionSource<int> _port = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _disposed;

    private BenchSilo(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    /// <summary>The silo's port, once it printed its "listening on" line.</summary>
    public int Port => _port.Task.IsCompletedSuccessfully ? _port.Task.Result : throw new InvalidOperationException($"{Name} is not listening yet.");

    public static BenchSilo Start(string siloHostDll, string name, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(siloHostDll);
        info.ArgumentList.Add("--name");
        info.ArgumentList.Add(name);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var silo = new BenchSilo(name, process);
        process.OutputDataReceived += (_, e) => silo.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => silo.OnLine(e.Data);
        process.Exited += (_, _) => silo._port.TrySetException(new InvalidOperationException($"silo-host {name} exited: {silo.Output}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    public string Output => string.Join(Environment.NewLine, _lines.TakeLast(40));

    /// <summary>Waits for the "listening on" line and returns the port.</summary>
    public Task<int> WaitForListeningAsync(TimeSpan timeout) => _port.Task.WaitAsync(timeout);

    /// <summary>SIGKILL.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        _lines.Enqueue(line);
        if (Listening().Match(line) is { Success: true } match)
        {
            _port.TrySetResult(int.Parse(match.Groups["port"].Value, CultureInfo.InvariantCulture));
        }
    }

    [GeneratedRegex(@"^Silo \S+ listening on \S+:(?<port>\d+) \(cluster ")]
    private static partial Regex Listening();
}
