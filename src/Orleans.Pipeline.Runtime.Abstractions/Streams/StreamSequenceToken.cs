namespace Orleans.Pipeline.Runtime.Streams;

/// <summary>
/// Where an item stands in its producer's sequence: the producer's id and the item's number, which increases by one
/// per item unless the producer chose numbers itself. A consumer sees, per producer, strictly increasing numbers;
/// an item is never handed to an observer twice under the same subscription (see <see cref="StreamCursor"/>).
/// </summary>
/// <param name="ProducerId">The producer (<see cref="IAsyncStream{T}.ProducerId"/>).</param>
/// <param name="SequenceNumber">The item's number in that producer's sequence; the first is 1 unless chosen.</param>
public sealed record StreamSequenceToken(string ProducerId, long SequenceNumber);
