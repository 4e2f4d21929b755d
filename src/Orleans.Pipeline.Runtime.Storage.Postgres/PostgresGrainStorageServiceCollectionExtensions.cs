using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Pipeline.Runtime.Persistence;

namespace Orleans.Pipeline.Runtime.Storage.Postgres;

/// <summary>Registers PostgreSQL grain storage.</summary>
public static class PostgresGrainStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the default <see cref="IGrainStorage"/> (the one <c>[PersistentState]</c> without a storage name uses)
    /// as a singleton <see cref="PostgresGrainStorage"/>. Uses the container's <see cref="TimeProvider"/> if it has one.
    /// </summary>
    /// <param name="services">The silo's services.</param>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="configure">Further options (table name).</param>
    public static IServiceCollection AddPostgresGrainStorage(this IServiceCollection services, string connectionString, Action<PostgresGrainStorageOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = CreateOptions(connectionString, configure);
        return services.AddSingleton<IGrainStorage>(provider => Create(provider, options));
    }

    /// <summary>
    /// Registers a named <see cref="IGrainStorage"/> (keyed service <paramref name="name"/>, the one
    /// <c>[PersistentState(stateName, storageName)]</c> uses) as a singleton <see cref="PostgresGrainStorage"/>.
    /// </summary>
    /// <param name="services">The silo's services.</param>
    /// <param name="name">The storage name.</param>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="configure">Further options (table name).</param>
    public static IServiceCollection AddKeyedPostgresGrainStorage(this IServiceCollection services, string name, string connectionString, Action<PostgresGrainStorageOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var options = CreateOptions(connectionString, configure);
        return services.AddKeyedSingleton<IGrainStorage>(name, (provider, _) => Create(provider, options));
    }

    private static PostgresGrainStorageOptions CreateOptions(string connectionString, Action<PostgresGrainStorageOptions>? configure)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var options = new PostgresGrainStorageOptions { ConnectionString = connectionString };
        configure?.Invoke(options);
        return options;
    }

    private static PostgresGrainStorage Create(IServiceProvider provider, PostgresGrainStorageOptions options) =>
        new(options, provider.GetService<TimeProvider>(), provider.GetService<ILogger<PostgresGrainStorage>>());
}
