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
    }

    public IServiceProvider Services { get; }

    public SiloOptions Options { get; }

    public TimeProvider TimeProvider { get; }

    public ILoggerFactory LoggerFactory { get; }

    public Catalog Catalog { get; }

    public GrainFactory GrainFactory { get; }

    /// <summary><see cref="SiloOptions.ResponseTimeout"/> in <see cref="System.TimeProvider.GetTimestamp"/> units.</summary>
    public long ResponseTimeoutTimestampTicks { get; }
}
