using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Pipeline.Runtime.Client;

namespace Orleans.Pipeline.Runtime.Streams;

/// <summary>Streams from outside the cluster.</summary>
public static class ClusterClientStreamExtensions
{
    private static readonly ConditionalWeakTable<ClusterClient, ConcurrentDictionary<string, IStreamProvider>> s_providers = new();

    /// <summary>
    /// Stream provider <paramref name="name"/> as this client sees it: it produces (one producer per stream for the
    /// client); subscribing is for grains. Whether the provider is durable is learned from the silos with the first
    /// batch. <paramref name="configure"/> sets the producer-side options (batch size, buffer, retry timeout) the first
    /// time a provider is asked for; defaults otherwise.
    /// </summary>
    public static IStreamProvider GetStreamProvider(this ClusterClient client, string name, Action<StreamProviderOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        StreamQueueKey.ValidateProviderName(name);
        return s_providers.GetValue(client, static _ => new(StringComparer.Ordinal)).GetOrAdd(name, _ =>
        {
            var options = new StreamProviderOptions();
            configure?.Invoke(options);
            options.Validate(name);
            return new StreamProvider(name, options, client, client, context: null, registry: null, TimeProvider.System, NullLogger.Instance);
        });
    }
}
