using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Pipeline.Runtime.Persistence;

namespace Orleans.Pipeline.Runtime.Storage.Sqlite;

/// <summary>Registers SQLite grain storage.</summary>
public static class SqliteGrainStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the default <see cref="IGrainStorage"/> (the one <c>[PersistentState]</c> without a storage name uses)
    /// as a singleton <see cref="SqliteGrainStorage"/>. Uses the container's <see cref="TimeProvider"/> if it has one.
    /// </summary>
    /// <param name="services">The silo's services.</param>
    /// <param name="pathOrConnectionString">A database file path, or a connection string such as <c>Data Source=state.db</c>.</param>
    /// <param name="configure">Further options (table name, busy timeout).</param>
    public static IServiceCollection AddSqliteGrainStorage(this IServiceCollection services, string pathOrConnectionString, Action<SqliteGrainStorageOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = CreateOptions(pathOrConnectionString, configure);
        return services.AddSingleton<IGrainStorage>(provider => Create(provider, options));
    }

    /// <summary>
    /// Registers a named <see cref="IGrainStorage"/> (keyed service <paramref name="name"/>, the one
    /// <c>[PersistentState(stateName, storageName)]</c> uses) as a singleton <see cref="SqliteGrainStorage"/>.
    /// </summary>
    /// <param name="services">The silo's services.</param>
    /// <param name="name">The storage name.</param>
    /// <param name="pathOrConnectionString">A database file path, or a connection string such as <c>Data Source=state.db</c>.</param>
    /// <param name="configure">Further options (table name, busy timeout).</param>
    public static IServiceCollection AddKeyedSqliteGrainStorage(this IServiceCollection services, string name, string pathOrConnectionString, Action<SqliteGrainStorageOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var options = CreateOptions(pathOrConnectionString, configure);
        return services.AddKeyedSingleton<IGrainStorage>(name, (provider, _) => Create(provider, options));
    }

    private static SqliteGrainStorageOptions CreateOptions(string pathOrConnectionString, Action<SqliteGrainStorageOptions>? configure)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pathOrConnectionString);
        var options = new SqliteGrainStorageOptions { DataSource = pathOrConnectionString };
        configure?.Invoke(options);
        return options;
    }

    private static SqliteGrainStorage Create(IServiceProvider provider, SqliteGrainStorageOptions options) =>
        new(options, provider.GetService<TimeProvider>(), provider.GetService<ILogger<SqliteGrainStorage>>());
}
