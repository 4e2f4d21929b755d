namespace Orleans.Pipeline.Runtime.Streams;

/// <summary>
/// What one subscription has consumed: per producer, the number of the last item handed to the observer, and whether
/// the stream's completion was. Items numbered at or below a producer's entry are dropped before the observer sees
/// them, so retries, redeliveries after a silo failure and a producer's restart do not repeat items. Serializable, so
/// a grain can keep it in its own state (see <see cref="StreamSubscriptionOptions"/>).
/// </summary>
[GenerateSerializer]
public sealed class StreamCursor
{
    /// <summary>Producer id → number of the last item consumed.</summary>
    [Id(0)]
    public Dictionary<string, long> Sequences { get; set; } = new(StringComparer.Ordinal);

    /// <summary>True once the observer was told the stream is complete.</summary>
    [Id(1)]
    public bool Completed { get; set; }

    /// <summary>The number of the last item consumed from <paramref name="producerId"/>; 0 for none.</summary>
    public long LastSequenceOf(string producerId)
    {
        ArgumentNullException.ThrowIfNull(producerId);
        return Sequences.TryGetValue(producerId, out var sequence) ? sequence : 0;
    }
}
