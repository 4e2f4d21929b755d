using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Pipeline.Runtime.Clustering;
using Orleans.Pipeline.Runtime.GrainDirectory;
using Orleans.Pipeline.Runtime.Membership;

namespace Orleans.Pipeline.Runtime.Storage.Postgres;

/// <summary>Registers the cluster database on PostgreSQL: the membership table and the grain directory.</summary>
public static class PostgresClusteringServiceCollectionExtensions
{
    /// <summary>
    /// Registers singletons of <see cref="IMembershipTable"/> (an <see cref="AdoNetMembershipTable"/>) and
    /// <see cref="IGrainDirectory"/> (an <see cref="AdoNetGrainDirectory"/>) for <paramref name="clusterId"/>, sharing one
    /// <see cref="PostgresClusteringDialect"/> (also registered; it owns its data source and is disposed with the
    /// container). Uses the container's <see cref="TimeProvider"/> if it has one.
    /// </summary>
    /// <param name="services">The silo's services.</param>
    /// <param name="connectionString">An Npgsql connection string; may be the grain storage's database.</param>
    /// <param name="clusterId">The cluster's id: every silo of the cluster uses the same one; other ids in the same database are other clusters.</param>
    /// <param name="configure">Further options.</param>
    public static IServiceCollection AddPostgresClustering(this IServiceCollection services, string connectionString, string clusterId, Action<PostgresClusteringOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentException.ThrowIfNullOrEmpty(clusterId);
        var options = new PostgresClusteringOptions { ConnectionString = connectionString };
        configure?.Invoke(options);
        services.AddSingleton(_ => new PostgresClusteringDialect(options));
        services.AddSingleton<IMembershipTable>(provider => new AdoNetMembershipTable(
            provider.GetRequiredService<PostgresClusteringDialect>(),
            clusterId,
            provider.GetService<ILogger<AdoNetMembershipTable>>()));
        services.AddSingleton<IGrainDirectory>(provider => new AdoNetGrainDirectory(
            provider.GetRequiredService<PostgresClusteringDialect>(),
            clusterId,
            provider.GetService<TimeProvider>(),
            provider.GetService<ILogger<AdoNetGrainDirectory>>()));
        return services;
    }
}
