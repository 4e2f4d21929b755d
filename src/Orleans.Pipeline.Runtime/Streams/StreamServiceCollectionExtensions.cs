using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Orleans.Pipeline.Runtime.Streams;

/// <summary>Registers stream providers on a silo. Register the same providers, with the same options, on every silo.</summary>
public static class StreamServiceCollectionExtensions
{
    /// <summary>
    /// Registers the non-durable stream provider <paramref name="name"/>: items wait in the memory of the silo that runs
    /// their stream until every subscriber acknowledged them, so a crash of that silo loses them (a crash of a
    /// consumer's silo does not). Explicit subscriptions and completions are kept in grain storage if the silo has
    /// one. Grains reach it with <c>this.GetStreamProvider(name)</c>; host code with the keyed service
    /// <see cref="IStreamProvider"/> <paramref name="name"/>.
    /// </summary>
    /// <param name="services">The silo's services.</param>
    /// <param name="name">The provider's name: non-empty, without '/'.</param>
    /// <param name="configure">Batch size, queue bound and timings (see <see cref="StreamProviderOptions"/> for defaults).</param>
    public static IServiceCollection AddStreams(this IServiceCollection services, string name, Action<StreamProviderOptions>? configure = null) =>
        Add(services, name, configure, createQueue: null);

    /// <summary>
    /// Registers the durable stream provider <paramref name="name"/> over the database of <paramref name="dialect"/>:
    /// every item is stored (group-committed) before its producer's <c>OnNextAsync</c> completes and deleted once every
    /// subscriber acknowledged it, so a crash of any silo loses none. Needs grain storage on the silo (for
    /// subscriptions, completions and consumers' cursors). Backends wrap this: <c>AddSqliteStreams</c>,
    /// <c>AddPostgresStreams</c>.
    /// </summary>
    /// <param name="services">The silo's services.</param>
    /// <param name="name">The provider's name: non-empty, without '/'.</param>
    /// <param name="dialect">Makes the queue's database dialect (called once, when the silo starts; not disposed by the provider).</param>
    /// <param name="configure">Batch size, queue bound and timings (see <see cref="StreamProviderOptions"/> for defaults).</param>
    public static IServiceCollection AddDurableStreams(
        this IServiceCollection services,
        string name,
        Func<IServiceProvider, AdoNetStreamQueueDialect> dialect,
        Action<StreamProviderOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        return Add(services, name, configure, provider => new AdoNetStreamQueue(
            dialect(provider),
            provider.GetService<TimeProvider>(),
            provider.GetService<ILogger<AdoNetStreamQueue>>()));
    }

    private static IServiceCollection Add(IServiceCollection services, string name, Action<StreamProviderOptions>? configure, Func<IServiceProvider, AdoNetStreamQueue>? createQueue)
    {
        ArgumentNullException.ThrowIfNull(services);
        StreamQueueKey.ValidateProviderName(name);
        var options = new StreamProviderOptions();
        configure?.Invoke(options);
        options.Durable = createQueue is not null;
        options.Validate(name);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<StreamProviderRegistry>();
        services.TryAddSingleton<IGrainStreamProviders>(static provider => provider.GetRequiredService<StreamProviderRegistry>());
        services.AddSingleton(new StreamProviderRegistration(name, options, createQueue));
        services.AddKeyedSingleton<IStreamProvider>(name, static (provider, key) => provider.GetRequiredService<StreamProviderRegistry>().GetHostProvider((string)key!));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, StreamRecoveryService>());
        return services;
    }
}
