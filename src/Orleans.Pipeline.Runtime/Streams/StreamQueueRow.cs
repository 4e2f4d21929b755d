namespace Orleans.Pipeline.Runtime.Streams;

/// <summary>
/// One entry of a durable stream queue: <paramref name="ItemCount"/> consecutive items of one producer, numbered from
/// <paramref name="FirstSequence"/>, stored at <paramref name="Position"/> (increasing within the queue).
/// </summary>
/// <param name="Position">The entry's place in its queue; entries are delivered in position order.</param>
/// <param name="ProducerId">The producer that sent the items.</param>
/// <param name="FirstSequence">The producer's number of the first item.</param>
/// <param name="ItemCount">How many items (1 for an error).</param>
/// <param name="Kind">Items or an error.</param>
/// <param name="Payload">The serialized items (or error).</param>
public sealed record StreamQueueRow(long Position, string ProducerId, long FirstSequence, int ItemCount, StreamEntryKind Kind, byte[] Payload);
