namespace Orleans.Pipeline.Runtime.Streams;

/// <summary>What a stream did with a producer's batch.</summary>
internal enum EnqueueStatus
{
    /// <summary>Queued (stored, on a durable provider), or a repeat of a batch already queued.</summary>
    Accepted = 0,

    /// <summary>The queue stayed full for the whole wait; nothing was queued, send the batch again.</summary>
    Full = 1,
}
