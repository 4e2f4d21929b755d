namespace Orleans.Pipeline.Tasks.ExternalPrograms;

/// <summary>
/// Cancels <see cref="Token"/> when a program stays silent for the heartbeat timeout. Every message restarts the
/// clock (<see cref="Touch"/>); it is stopped while the runner itself is busy or waiting for the scheduler's next input
/// (<see cref="Pause"/> … <see cref="Resume"/>), because the program cannot be blamed for that time.
/// </summary>
internal sealed class ProgramWatchdog : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly TimeSpan _timeout;

    // Guards _pauses and the timer's state, so a Touch cannot restart a clock that a Pause just stopped.
    private readonly Lock _lock = new();
    private int _pauses;
    private bool _disposed;

    public ProgramWatchdog(TimeSpan timeout, TimeProvider timeProvider)
    {
        _timeout = timeout;
        _source = new CancellationTokenSource(timeout, timeProvider);
    }

    public CancellationToken Token => _source.Token;

    public TimeSpan Timeout => _timeout;

    public void Touch()
    {
        lock (_lock)
        {
            if (_pauses == 0 && !_disposed)
            {
                _source.CancelAfter(_timeout);
            }
        }
    }

    public void Pause()
    {
        lock (_lock)
        {
            if (_pauses++ == 0 && !_disposed)
            {
                _source.CancelAfter(System.Threading.Timeout.InfiniteTimeSpan);
            }
        }
    }

    public void Resume()
    {
        lock (_lock)
        {
            if (--_pauses == 0 && !_disposed)
            {
                _source.CancelAfter(_timeout);
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _source.Dispose();
        }
    }
}
