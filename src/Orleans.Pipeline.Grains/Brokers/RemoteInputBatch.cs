using Orleans.Pipeline.Jobs;

namespace Orleans.Pipeline.Grains.Brokers;

/// <summary>
/// The inputs of one task that one other silo holds, fetched together: opening one that has not been fetched asks the
/// holder for it and the unfetched ones after it, each whole, up to <see cref="MaxBytes"/> bytes in one call
/// (<see cref="IBrokerGrain.ReadOutputsAsync"/>). An input the holder leaves to chunked reads (a large one), or one
/// opened a second time, is streamed by <see cref="RemoteOutputStream"/>.
/// </summary>
/// <remarks>
/// Why: a reducer of a wide shuffle has one small input from every map; asking for each in its own call made the
/// round trips, not the bytes, the cost of the reduce. Memory stays bounded: at most one call's worth of fetched
/// inputs waits to be opened, and each is let go when it is.
/// </remarks>
internal sealed class RemoteInputBatch(IBrokerGrain holder, IReadOnlyList<string> locations)
{
    /// <summary>The bytes one call may fetch: the size of one chunk of a streamed read.</summary>
    public const int MaxBytes = RemoteOutputStream.ChunkSize;

    /// <summary>The most locations one call names, so that a task with very many inputs does not send them all each time.</summary>
    public const int MaxLocations = 512;

    // Guards _fetched and _contents: the inputs of a task may be opened from several threads.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly bool[] _fetched = new bool[locations.Count];
    private readonly byte[]?[] _contents = new byte[]?[locations.Count];

    public IBrokerGrain Holder => holder;

    /// <summary>The location of input <paramref name="index"/> of the batch.</summary>
    public string this[int index] => locations[index];

    /// <summary>
    /// The whole content of input <paramref name="index"/> when it was fetched with others and not taken yet; null
    /// when it must be streamed.
    /// </summary>
    public async ValueTask<byte[]?> TakeAsync(int index, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_fetched[index])
            {
                await FetchAsync(index, cancellationToken).ConfigureAwait(false);
            }

            var content = _contents[index];
            _contents[index] = null;
            return content;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task FetchAsync(int first, CancellationToken cancellationToken)
    {
        var asked = new List<string>();
        for (var i = first; i < locations.Count && !_fetched[i] && asked.Count < MaxLocations; i++)
        {
            asked.Add(locations[i]);
        }

        var batch = await holder.ReadOutputsAsync(asked, MaxBytes).WaitAsync(cancellationToken).ConfigureAwait(false);
        var answered = Math.Min(batch.Contents.Count, asked.Count);
        for (var i = 0; i < answered; i++)
        {
            _contents[first + i] = batch.Contents[i];
            _fetched[first + i] = true;
        }

        // The holder always answers the first; should it not, the input is streamed rather than asked for again.
        _fetched[first] = true;
    }
}
