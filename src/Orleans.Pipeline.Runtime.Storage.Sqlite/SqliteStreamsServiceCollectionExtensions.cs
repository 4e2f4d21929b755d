using Microsoft.Extensions.DependencyInjection;
using Orleans.Pipeline.Runtime.Streams;

namespace Orleans.Pipeline.Runtime.Storage.Sqlite;

/// <summary>Registers durable stream providers whose queues live in a SQLite file.</summary>
public static class SqliteStreamsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the durable stream provider <paramref name="name"/> with its queues in the cluster database: the file
    /// of the <see cref="SqliteClusteringDialect"/> registered by <c>AddSqliteClustering</c>. See
    /// <see cref="StreamServiceCollectionExtensions.AddDurableStreams"/> for what durable means.
    /// </summary>
    /// <param name="services">The silo's services.</param>
    /// <param name="name">The provider's name.</param>
    /// <param name="configure">Provider options (defaults in <see cref="StreamProviderOptions"/>).</param>
    public static IServiceCollection AddSqliteStreams(this IServiceCollection services, string name, Action<StreamProviderOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddKeyedSingleton(name, static (provider, key) =>
        {
            var cluster = provider.GetService<SqliteClusteringDialect>() ?? throw new InvalidOperationException(
                $"AddSqliteStreams(\"{key}\") keeps its queues in the SQLite cluster database, but the silo has none: register SQLite clustering (AddSqliteClustering) or give the stream provider a database path.");
            return new SqliteStreamQueueDialect(cluster.DatabasePath);
        });
        return services.AddDurableStreams(name, provider => provider.GetRequiredKeyedService<SqliteStreamQueueDialect>(name), configure);
    }

    /// <summary>
    /// Registers the durable stream provider <paramref name="name"/> with its queues in the SQLite database
    /// <paramref name="pathOrConnectionString"/> (which may be the cluster database).
    /// </summary>
    /// <param name="services">The silo's services.</param>
    /// <param name="name">The provider's name.</param>
    /// <param name="pathOrConnectionString">A database file path, or a connection string such as <c>Data Source=cluster.db</c>.</param>
    /// <param name="configure">Provider options (defaults in <see cref="StreamProviderOptions"/>).</param>
    public static IServiceCollection AddSqliteStreams(this IServiceCollection services, string name, string pathOrConnectionString, Action<StreamProviderOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(pathOrConnectionString);
        services.AddKeyedSingleton(name, (_, _) => new SqliteStreamQueueDialect(pathOrConnectionString));
        return services.AddDurableStreams(name, provider => provider.GetRequiredKeyedService<SqliteStreamQueueDialect>(name), configure);
    }
}
