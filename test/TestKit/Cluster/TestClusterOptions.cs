using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Pipeline.Runtime.Hosting;
using Orleans.Pipeline.Runtime.Membership;

namespace Orleans.Pipeline.TestKit.Cluster;

/// <summary>How a <see cref="TestCluster"/> is built.</summary>
public sealed class TestClusterOptions
{
    public int InitialSilos { get; set; } = 3;

    public string ClusterId { get; set; } = $"test-{Guid.NewGuid():N}";

    public string ClusterSecret { get; set; } = Convert.ToHexString(Guid.NewGuid().ToByteArray());

    /// <summary>The cluster database (membership, directory and grain state): a SQLite file (default, in a temporary folder) unless a PostgreSQL connection string is set.</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>Assemblies with the grains under test.</summary>
    public IList<Assembly> GrainAssemblies { get; } = [];

    /// <summary>Membership timings: the defaults (a killed silo is declared dead in about 2-3 s), with views refreshed more often so tests see changes sooner.</summary>
    public Action<MembershipOptions> ConfigureMembership { get; set; } = static m => m.TableRefreshPeriod = TimeSpan.FromMilliseconds(250);

    public Action<SiloOptions>? ConfigureSilo { get; set; }

    /// <summary>Extra services of every silo (test probes, fakes).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; set; }

    /// <summary>Extra services of one silo, given its name (e.g. its own data directory).</summary>
    public Action<string, IServiceCollection>? ConfigureSiloServices { get; set; }
}
