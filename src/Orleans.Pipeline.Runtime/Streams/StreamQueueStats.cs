namespace Orleans.Pipeline.Runtime.Streams;

/// <summary>A stream's counters, for tests and diagnostics.</summary>
[GenerateSerializer]
internal sealed class StreamQueueStats
{
    /// <summary>Items queued and not yet acknowledged by every subscriber.</summary>
    [Id(0)]
    public int QueuedItems { get; set; }

    /// <summary>The most items queued at once in this activation.</summary>
    [Id(1)]
    public int PeakQueuedItems { get; set; }

    /// <summary>The most items one delivery carried.</summary>
    [Id(2)]
    public int PeakDeliveryItems { get; set; }

    [Id(3)]
    public long DeliveredBatches { get; set; }

    [Id(4)]
    public long FailedDeliveries { get; set; }

    [Id(5)]
    public int Subscribers { get; set; }

    /// <summary>Times a producer's batch waited for room.</summary>
    [Id(6)]
    public long FullWaits { get; set; }

    [Id(7)]
    public bool Complete { get; set; }

    /// <summary>Entries read back from the database when this activation claimed the queue.</summary>
    [Id(8)]
    public int RecoveredEntries { get; set; }

    /// <summary>Subscribers that acknowledged the completion.</summary>
    [Id(9)]
    public int CompletionsDelivered { get; set; }
}
