namespace Orleans.Pipeline.Runtime.Tests.Grains;

/// <summary>Shared body of the non-reentrant and reentrant turn grains; only the attribute differs.</summary>
public abstract class TurnGrainBase : Grain, ITurnGrain
{
    private int _calls;
    private int _callsInside;
    private int _maxCallsInside;
    private int _threadsInside;
    private int _maxThreadsInside;
    private TaskCompletionSource<string> _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task<int> EnterAsync(int yields, bool delay)
    {
        var sequence = ++_calls;
        _maxCallsInside = Math.Max(_maxCallsInside, ++_callsInside);
        for (var i = 0; i < yields; i++)
        {
            Segment();
            if (delay)
            {
                await Task.Delay(1);
            }
            else
            {
                await Task.Yield();
            }
        }

        Segment();
        _callsInside--;
        return sequence;
    }

    public Task<TurnStats> GetStatsAsync() => Task.FromResult(new TurnStats(_calls, _maxCallsInside, _maxThreadsInside));

    public async Task<string> WaitForReleaseAsync()
    {
        var value = await _release.Task;
        _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        return value;
    }

    public Task<string> WaitInterleavedAsync() => WaitForReleaseAsync();

    public Task ReleaseAsync(string value)
    {
        _release.TrySetResult(value);
        return Task.CompletedTask;
    }

    // A synchronous stretch of grain code: if two threads ever ran this activation at once, the counter shows it.
    private void Segment()
    {
        var inside = Interlocked.Increment(ref _threadsInside);
        if (inside > Volatile.Read(ref _maxThreadsInside))
        {
            Volatile.Write(ref _maxThreadsInside, inside);
        }

        Thread.SpinWait(200);
        Interlocked.Decrement(ref _threadsInside);
    }
}
