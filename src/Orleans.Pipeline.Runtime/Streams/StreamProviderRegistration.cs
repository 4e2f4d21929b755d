namespace Orleans.Pipeline.Runtime.Streams;

/// <summary>One <c>AddStreams</c> call: a provider's name, options and, for a durable provider, how to make its queue.</summary>
internal sealed record StreamProviderRegistration(string Name, StreamProviderOptions Options, Func<IServiceProvider, AdoNetStreamQueue>? CreateQueue);
