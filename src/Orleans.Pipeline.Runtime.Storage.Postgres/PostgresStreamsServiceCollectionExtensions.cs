using Microsoft.Extensions.DependencyInjection;
using Orleans.Pipeline.Runtime.Streams;

namespace Orleans.Pipeline.Runtime.Storage.Postgres;

/// <summary>Registers durable stream providers whose queues live in PostgreSQL.</summary>
public static class PostgresStreamsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the durable stream provider <paramref name="name"/> with its queues in the PostgreSQL database
    /// <paramref name="connectionString"/> (usually the cluster database). The dialect is registered as a keyed
    /// singleton and disposed with the container. See <see cref="StreamServiceCollectionExtensions.AddDurableStreams"/>
    /// for what durable means.
    /// </summary>
    /// <param name="services">The silo's services.</param>
    /// <param name="name">The provider's name.</param>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="configure">Provider options (defaults in <see cref="StreamProviderOptions"/>).</param>
    public static IServiceCollection AddPostgresStreams(this IServiceCollection services, string name, string connectionString, Action<StreamProviderOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        services.AddKeyedSingleton(name, (_, _) => new PostgresStreamQueueDialect(connectionString));
        return services.AddDurableStreams(name, provider => provider.GetRequiredKeyedService<PostgresStreamQueueDialect>(name), configure);
    }
}
