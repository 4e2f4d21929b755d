using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Pipeline.Runtime.Activation;
using Orleans.Pipeline.Runtime.Messaging;

namespace Orleans.Pipeline.Runtime.Hosting;

/// <summary>What every part of one silo shares: options, time, services, the catalog and the grain factory.</summary>
internal sealed class SiloRuntime
{
    public SiloRuntime(IServiceProvider services, IOptions<SiloOptions> options, TimeProvider timeProvider, ILoggerFactory loggerFactory)
    {
        Services = services;
        Options = options.Value;
        TimeProvider = timeProvider;
        LoggerFactory = loggerFactory;
        ResponseTimeoutTimestampTicks = (long)(Options.ResponseTimeout.TotalSeconds * timeProvider.TimestampFrequency);
        Catalog = new Catalog(this);
        GrainFactory = new GrainFactory(this);
        Router = new GrainRouter(this, cluster: null);
    }

    public IServiceProvider Services { get; }

    public SiloOptions Options { get; }

    public TimeProvider TimeProvider { get; }

    public ILoggerFactory LoggerFactory { get; }

    public Catalog Catalog { get; }

    public GrainFactory GrainFactory { get; }

    /// <summary>Where calls go: local-only until the silo joins a cluster at start.</summary>
    public GrainRouter Router { get; set; }

    /// <summary>The cluster this silo is part of; null for a single silo without a cluster database.</summary>
    public ClusterServices? Cluster { get; set; }

    /// <summary><see cref="SiloOptions.ResponseTimeout"/> in <see cref="System.TimeProvider.GetTimestamp"/> units.</summary>
    public long ResponseTimeoutTimestampTicks { get; }
}
