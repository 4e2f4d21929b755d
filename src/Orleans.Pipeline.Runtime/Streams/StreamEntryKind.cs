namespace Orleans.Pipeline.Runtime.Streams;

/// <summary>What one queue entry holds.</summary>
public enum StreamEntryKind
{
    /// <summary>Consecutive items of one producer, serialized one after another.</summary>
    Items = 0,

    /// <summary>An error a producer reported (<see cref="IAsyncObserver{T}.OnErrorAsync"/>); it takes one sequence number.</summary>
    Error = 1,
}
