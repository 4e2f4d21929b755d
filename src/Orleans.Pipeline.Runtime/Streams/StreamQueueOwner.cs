namespace Orleans.Pipeline.Runtime.Streams;

/// <summary>A durable queue that holds entries, and the silo that last claimed it (empty once released).</summary>
/// <param name="QueueId">The queue.</param>
/// <param name="Owner">The owner's silo address text, or empty.</param>
public sealed record StreamQueueOwner(string QueueId, string Owner);
