using Orleans.Pipeline.Runtime.Persistence;

namespace Orleans.Pipeline.Runtime.Streams;

/// <summary>A provider as a silo runs it: its options, its durable queue (null for a non-durable provider) and its grain storage.</summary>
internal sealed record StreamProviderEntry(string Name, StreamProviderOptions Options, AdoNetStreamQueue? Queue, IGrainStorage? Storage);
