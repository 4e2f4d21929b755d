using System.Reflection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Pipeline.Runtime.Manifest;

namespace Orleans.Pipeline.Runtime.Hosting;

/// <summary>
/// One silo: hosts activations of the grain classes it has loaded. Started and stopped by the .NET Generic Host;
/// stopping deactivates every activation (each runs <c>OnDeactivateAsync</c>, where grains write their state).
/// </summary>
public sealed partial class Silo : IHostedService, IAsyncDisposable
{
    private readonly SiloRuntime _runtime;
    private readonly ILogger<Silo> _logger;
    private ITimer? _sweeper;

    internal Silo(SiloRuntime runtime, ILogger<Silo> logger)
    {
        _runtime = runtime;
        _logger = logger;
    }

    public string SiloName => _runtime.Options.SiloName;

    public IGrainFactory GrainFactory => _runtime.GrainFactory;

    /// <summary>How many activations this silo holds now.</summary>
    public int ActivationCount => _runtime.Catalog.Count;

    /// <summary>The grain ids of the activations this silo holds now.</summary>
    public IReadOnlyList<GrainId> GetActivations() => _runtime.Catalog.Activations.Select(a => a.GrainId).ToArray();

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var assembly in GrainAssemblies())
        {
            GrainTypeManifest.EnsureLoaded(assembly);
        }

        var period = _runtime.Options.SweepPeriod;
        _sweeper = _runtime.TimeProvider.CreateTimer(static s => ((SiloRuntime)s!).Catalog.Sweep(), _runtime, period, period);
        LogStarted(_logger, SiloName, GrainTypeManifest.GrainClasses.Count);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        LogStopping(_logger, SiloName, _runtime.Catalog.Count);
        await _runtime.Catalog.DeactivateAllAsync(cancellationToken).ConfigureAwait(false);
        if (_sweeper is not null)
        {
            await _sweeper.DisposeAsync().ConfigureAwait(false);
        }

        LogStopped(_logger, SiloName);
    }

    public async ValueTask DisposeAsync()
    {
        if (_sweeper is not null)
        {
            await _sweeper.DisposeAsync().ConfigureAwait(false);
        }
    }

    private IEnumerable<Assembly> GrainAssemblies()
    {
        var seen = new HashSet<Assembly>();
        foreach (var assembly in _runtime.Options.GrainAssemblies.Concat(AppDomain.CurrentDomain.GetAssemblies()))
        {
            if (seen.Add(assembly) && assembly.IsDefined(typeof(GeneratedGrainCodeAttribute), inherit: false))
            {
                yield return assembly;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {SiloName} started with {GrainClassCount} grain classes.")]
    private static partial void LogStarted(ILogger logger, string siloName, int grainClassCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {SiloName} stopping: deactivating {ActivationCount} activations.")]
    private static partial void LogStopping(ILogger logger, string siloName, int activationCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {SiloName} stopped.")]
    private static partial void LogStopped(ILogger logger, string siloName);
}
