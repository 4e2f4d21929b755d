using Microsoft.Extensions.Logging;

namespace Orleans.Pipeline.Tasks.Tests.Support;

/// <summary>A logger that keeps every message, and lets a test wait until one appears.</summary>
internal sealed class RecordingLogger : ILogger
{
    private readonly Lock _lock = new();
    private readonly List<string> _messages = [];
    private readonly List<(Func<string, bool> Predicate, TaskCompletionSource Signal)> _waiters = [];

    public IReadOnlyList<string> Messages
    {
        get
        {
            lock (_lock)
            {
                return [.. _messages];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var message = formatter(state, exception);
        lock (_lock)
        {
            _messages.Add(message);
            foreach (var waiter in _waiters.Where(w => w.Predicate(message)).ToList())
            {
                waiter.Signal.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
    }

    /// <summary>Completes when a message matching <paramref name="predicate"/> was logged; fails after <paramref name="timeout"/>.</summary>
    public async Task WaitForAsync(Func<string, bool> predicate, TimeSpan timeout)
    {
        TaskCompletionSource signal;
        lock (_lock)
        {
            if (_messages.Any(predicate))
            {
                return;
            }

            signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((predicate, signal));
        }

        try
        {
            await signal.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No matching message within {timeout}. Messages: [{string.Join(" | ", Messages)}]");
        }
    }
}
