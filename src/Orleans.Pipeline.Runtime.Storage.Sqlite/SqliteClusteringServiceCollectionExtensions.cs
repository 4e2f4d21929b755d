using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Pipeline.Runtime.Clustering;
using Orleans.Pipeline.Runtime.GrainDirectory;
using Orleans.Pipeline.Runtime.Membership;

namespace Orleans.Pipeline.Runtime.Storage.Sqlite;

/// <summary>Registers the cluster database on SQLite: the membership table and the grain directory.</summary>
public static class SqliteClusteringServiceCollectionExtensions
{
    /// <summary>
    /// Registers singletons of <see cref="IMembershipTable"/> (an <see cref="AdoNetMembershipTable"/>) and
    /// <see cref="IGrainDirectory"/> (an <see cref="AdoNetGrainDirectory"/>) for <paramref name="clusterId"/>, sharing one
    /// <see cref="SqliteClusteringDialect"/> (also registered; disposed with the container). Uses the container's
    /// <see cref="TimeProvider"/> if it has one.
    /// </summary>
    /// <param name="services">The silo's services.</param>
    /// <param name="pathOrConnectionString">A database file path, or a connection string such as <c>Data Source=cluster.db</c>; may be the grain storage's file.</param>
    /// <param name="clusterId">The cluster's id: every silo of the cluster uses the same one; other ids in the same file are other clusters.</param>
    /// <param name="configure">Further options (busy timeout).</param>
    public static IServiceCollection AddSqliteClustering(this IServiceCollection services, string pathOrConnectionString, string clusterId, Action<SqliteClusteringOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(pathOrConnectionString);
        ArgumentException.ThrowIfNullOrEmpty(clusterId);
        var options = new SqliteClusteringOptions { DataSource = pathOrConnectionString };
        configure?.Invoke(options);
        services.AddSingleton(_ => new SqliteClusteringDialect(options));
        services.AddSingleton<IMembershipTable>(provider => new AdoNetMembershipTable(
            provider.GetRequiredService<SqliteClusteringDialect>(),
            clusterId,
            provider.GetService<ILogger<AdoNetMembershipTable>>()));
        services.AddSingleton<IGrainDirectory>(provider => new AdoNetGrainDirectory(
            provider.GetRequiredService<SqliteClusteringDialect>(),
            clusterId,
            provider.GetService<TimeProvider>(),
            provider.GetService<ILogger<AdoNetGrainDirectory>>()));
        return services;
    }
}
