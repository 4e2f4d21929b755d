using Orleans.Pipeline.Runtime;

namespace Orleans.Pipeline.Jobs;

/// <summary>
/// The answer to <see cref="IBrokerGrain.ReadOutputsAsync"/>: entry <c>i</c> answers the <c>i</c>-th location asked
/// for, for as many locations as there are entries. An entry holds that output's bytes, whole, or null when it must be
/// read in chunks with <see cref="IBrokerGrain.ReadOutputAsync"/> (larger than a batch, or not readable: the chunked
/// read reports why). Locations past the last entry were not read because the batch's bytes were spent; ask again
/// from the first of them.
/// </summary>
[GenerateSerializer]
public sealed record OutputBatch([property: Id(0)] List<byte[]?> Contents);
