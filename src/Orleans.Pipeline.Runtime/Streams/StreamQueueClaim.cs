namespace Orleans.Pipeline.Runtime.Streams;

/// <summary>What taking over a durable queue returns: the new owner epoch and every entry still stored, in position order.</summary>
/// <param name="Epoch">The epoch appends must name; a later claim makes it stale.</param>
/// <param name="Rows">The undelivered entries.</param>
public sealed record StreamQueueClaim(long Epoch, IReadOnlyList<StreamQueueRow> Rows);
