using System.Diagnostics;
using System.Globalization;

namespace Orleans.Pipeline.TestKit.Processes;

/// <summary>
/// A <c>silo-host</c> running in its own process, as a user runs it: started with command-line switches, its
/// standard output and error captured line by line. Waits for the "listening on" line, stops it with SIGINT
/// (<see cref="InterruptAsync"/>) or SIGKILL (<see cref="KillAsync"/>), and kills it on dispose if it still runs.
/// </summary>
public sealed class SiloHostProcess : IDisposable
{
    private static readonly TimeSpan DefaultStartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly Lock _lock = new();
    private readonly List<string> _lines = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private SiloListening? _listening;

    private SiloHostProcess(Process process)
    {
        _process = process;
    }

    /// <summary>The OS process id.</summary>
    public int Id => _process.Id;

    /// <summary>Whether the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The exit code once the process has ended.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>What the silo printed once it joined; null before.</summary>
    public SiloListening? Listening
    {
        get
        {
            lock (_lock)
            {
                return _listening;
            }
        }
    }

    /// <summary>The lines printed so far (stdout and stderr, each in its order).</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lock)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>The output so far as one text, for assertion messages.</summary>
    public string Output => string.Join(Environment.NewLine, Lines);

    /// <summary>Starts <c>silo-host</c> (the build of the test's configuration) with <paramref name="arguments"/>.</summary>
    public static SiloHostProcess Start(IEnumerable<string> arguments)
    {
        var process = new Process { StartInfo = SiloHostExecutable.CreateStartInfo(arguments), EnableRaisingEvents = true };
        var host = new SiloHostProcess(process);
        process.OutputDataReceived += (_, e) => host.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => host.OnLine(e.Data);
        process.Exited += (_, _) => host.Pulse();
        if (!process.Start())
        {
            throw new InvalidOperationException("Could not start silo-host.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>
    /// Waits for the "listening on" line and returns it. Fails with the captured output when the process exits
    /// first or the line does not come within <paramref name="timeout"/> (default 60 s).
    /// </summary>
    public async Task<SiloListening> WaitForListeningAsync(TimeSpan? timeout = null)
    {
        await WaitForAsync(() => Listening is not null, "print its 'listening on' line", timeout ?? DefaultStartTimeout, failOnExit: true);
        return Listening!;
    }

    /// <summary>Waits for a line matching <paramref name="predicate"/> and returns it; fails as <see cref="WaitForListeningAsync"/> does.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> predicate, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        string? found = null;
        await WaitForAsync(() => (found = Lines.FirstOrDefault(predicate)) is not null, "print the awaited line", timeout, failOnExit: true);
        return found!;
    }

    /// <summary>Waits for the process to end (and its output to be read) and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"silo-host {Describe()} did not exit within {timeout.TotalSeconds:0} s. Output:{Environment.NewLine}{Output}");
        }

        return _process.ExitCode;
    }

    /// <summary>SIGKILL, as a crash: no shutdown code runs. Returns once the process is gone.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await WaitForExitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>SIGINT, as Ctrl+C: the silo stops gracefully. Returns once the signal is sent; see <see cref="WaitForExitAsync"/>.</summary>
    public async Task InterruptAsync()
    {
        var result = await ProcessRunner.RunAsync("kill", ["-INT", Id.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"kill -INT {Id} failed ({result.ExitCode}): {result.Output}");
        }
    }

    /// <summary>Kills the process if it still runs.</summary>
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped: nothing to stop.
        }

        _process.Dispose();
    }

    private async Task WaitForAsync(Func<bool> condition, string what, TimeSpan timeout, bool failOnExit)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                changed = _changed.Task;
            }

            if (condition())
            {
                return;
            }

            if (failOnExit && _process.HasExited)
            {
                // The last lines may still be on their way: read them before judging.
                await _process.WaitForExitAsync();
                if (condition())
                {
                    return;
                }

                throw new InvalidOperationException($"silo-host {Describe()} exited with code {_process.ExitCode} before it could {what}. Output:{Environment.NewLine}{Output}");
            }

            var left = timeout - clock.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"silo-host {Describe()} did not {what} within {timeout.TotalSeconds:0} s. Output:{Environment.NewLine}{Output}");
            }

            try
            {
                await changed.WaitAsync(left);
            }
            catch (TimeoutException)
            {
                // Judged at the top of the loop, with the output read so far.
            }
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            _lines.Add(line);
            _listening ??= SiloListening.TryParse(line);
        }

        Pulse();
    }

    private void Pulse()
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    private string Describe() => Listening is { } listening ? $"'{listening.SiloName}' (pid {_process.Id})" : $"(pid {_process.Id})";
}
