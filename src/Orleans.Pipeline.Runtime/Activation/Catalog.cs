using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Orleans.Pipeline.Runtime.Hosting;
using Orleans.Pipeline.Runtime.Invocation;
using Orleans.Pipeline.Runtime.Manifest;
using Orleans.Pipeline.Runtime.Messaging;

namespace Orleans.Pipeline.Runtime.Activation;

/// <summary>
/// The activations of one silo, by grain id. Invariant: at most one activation per grain id is in the dictionary,
/// and only an activation in the dictionary accepts calls; an activation removes itself, and only itself, when
/// it becomes invalid, so a call that races with a deactivation is delivered to the next activation.
/// </summary>
internal sealed partial class Catalog(SiloRuntime runtime)
{
    private readonly ConcurrentDictionary<GrainId, ActivationData> _activations = new();
    private readonly ILogger _logger = runtime.LoggerFactory.CreateLogger<Catalog>();
    private volatile bool _stopping;

    public int Count => _activations.Count;

    public ICollection<ActivationData> Activations => _activations.Values;

    /// <summary>True once the silo started stopping: calls are refused and deactivations skip per-grain cleanup.</summary>
    public bool IsStopping => _stopping;

    /// <summary>Delivers to an activation this silo already has; false when there is none (or it just left).</summary>
    public bool TryDeliverToExisting(GrainId grainId, Request request) =>
        _activations.TryGetValue(grainId, out var activation) && activation.TryEnqueue(request);

    /// <summary>Delivers <paramref name="request"/> to the activation of <paramref name="grainId"/>, creating it if needed.</summary>
    public void Deliver(GrainId grainId, Request request)
    {
        while (true)
        {
            if (_stopping)
            {
                request.TryFail(new SiloUnavailableException($"Silo {runtime.Options.SiloName} is shutting down; {request.MethodName} on {grainId} did not run."));
                return;
            }

            if (!_activations.TryGetValue(grainId, out var activation))
            {
                if (!GrainTypeManifest.TryGetGrainClass(grainId.Type, out var grainClass))
                {
                    request.TryFail(new InvalidOperationException($"No grain class with grain type '{grainId.Type}' is loaded in silo {runtime.Options.SiloName}."));
                    return;
                }

                // Construction is cheap: the grain itself is created in the activation's first turn, so a lost race costs nothing.
                activation = _activations.GetOrAdd(grainId, static (id, args) => new ActivationData(args.runtime, id, args.grainClass), (runtime, grainClass));
            }

            if (activation.TryEnqueue(request))
            {
                return;
            }

            // The activation became invalid between lookup and enqueue: it has left the dictionary, try again.
        }
    }

    public void Remove(ActivationData activation) =>
        _activations.TryRemove(new KeyValuePair<GrainId, ActivationData>(activation.GrainId, activation));

    /// <summary>Drops every activation without deactivating it, as a crash would (test clusters kill silos this way).</summary>
    public void Abandon()
    {
        _stopping = true;
        foreach (var activation in _activations.Values)
        {
            activation.Abandon();
        }

        _activations.Clear();
    }

    /// <summary>Fails overdue calls and starts deactivating idle activations.</summary>
    public void Sweep()
    {
        var now = runtime.TimeProvider.GetTimestamp();
        var idleTicks = (long)(runtime.Options.CollectionAge.TotalSeconds * runtime.TimeProvider.TimestampFrequency);
        foreach (var activation in _activations.Values)
        {
            activation.Sweep(now, idleTicks);
        }
    }

    /// <summary>Stops accepting calls and deactivates every activation, waiting up to the deactivation timeout.</summary>
    public async Task DeactivateAllAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        var pending = new List<Task>();
        foreach (var activation in _activations.Values)
        {
            pending.Add(activation.DeactivateAsync(DeactivationReason.ShuttingDown));
        }

        var all = Task.WhenAll(pending);
        try
        {
            await all.WaitAsync(runtime.Options.DeactivationTimeout, runtime.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            LogDeactivationTimedOut(_logger, pending.Count(t => !t.IsCompleted), runtime.Options.DeactivationTimeout);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} activations did not finish deactivating within {Timeout}.")]
    private static partial void LogDeactivationTimedOut(ILogger logger, int count, TimeSpan timeout);
}
