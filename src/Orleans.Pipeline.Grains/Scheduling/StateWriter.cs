namespace Orleans.Pipeline.Grains.Scheduling;

/// <summary>
/// Writes a grain's state without two writes overlapping (their ETags would collide): a write asked for while
/// one is running is made once after it, for every caller that asked in between (their changes go together).
/// <see cref="WriteSoon"/> is the group commit: changes made within a moment are written together. Used from one
/// activation's turns only, so it needs no lock.
/// </summary>
/// <param name="write">Writes the state (the grain's <c>WriteStateAsync</c>).</param>
/// <param name="scheduleOnce">Runs a callback once, a moment later, as a turn of the grain (a one-shot grain timer).</param>
internal sealed class StateWriter(Func<Task> write, Func<Func<Task>, IDisposable> scheduleOnce)
{
    private TaskCompletionSource? _next;
    private bool _writing;
    private IDisposable? _soon;

    /// <summary>Writes the state a moment from now, with whatever else changes until then.</summary>
    public void WriteSoon()
    {
        _soon ??= scheduleOnce(() =>
        {
            _soon?.Dispose();
            _soon = null;
            return WriteAsync();
        });
    }

    /// <summary>Completes once a write that started after this call has stored the state.</summary>
    public Task WriteAsync()
    {
        _next ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var written = _next.Task;
        if (!_writing)
        {
            _ = WriteLoopAsync();
        }

        return written;
    }

    private async Task WriteLoopAsync()
    {
        _writing = true;
        try
        {
            while (_next is { } batch)
            {
                _next = null;
                try
                {
                    await write();
                    batch.SetResult();
                }
                catch (Exception error)
                {
                    batch.SetException(error);
                }
            }
        }
        finally
        {
            _writing = false;
        }
    }
}
