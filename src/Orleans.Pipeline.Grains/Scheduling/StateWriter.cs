namespace Orleans.Pipeline.Grains.Scheduling;

/// <summary>
/// Writes a grain's state without two writes overlapping (their ETags would collide): a write asked for while
/// one is running is made once after it, for every caller that asked in between (their changes go together).
/// Used from one activation's turns only, so it needs no lock.
/// </summary>
internal sealed class StateWriter(Func<Task> write)
{
    private TaskCompletionSource? _next;
    private bool _writing;

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
