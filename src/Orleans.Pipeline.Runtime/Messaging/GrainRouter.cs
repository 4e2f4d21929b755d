using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Orleans.Pipeline.Runtime.GrainDirectory;
using Orleans.Pipeline.Runtime.Hosting;
using Orleans.Pipeline.Runtime.Invocation;
using Orleans.Pipeline.Runtime.Manifest;
using Orleans.Pipeline.Runtime.Membership;
using Orleans.Pipeline.Runtime.Placement;

namespace Orleans.Pipeline.Runtime.Messaging;

/// <summary>
/// Decides where a call goes. In a single silo: to the local activation. In a cluster: to the local activation if
/// there is one; for silo-pinned grains, to the silo the key names; otherwise to the silo the grain directory names
/// (cached), and for a grain that lives nowhere, to the silo placement chooses, which registers it first-writer-wins
/// before activating. Only a silo whose registration won activates a placed grain: this is the single-activation
/// guarantee.
/// </summary>
internal sealed partial class GrainRouter
{
    private const int MaxHops = 4;

    private readonly SiloRuntime _runtime;
    private readonly ClusterServices? _cluster;
    private readonly ConcurrentDictionary<GrainId, SiloAddress> _locations = new();
    private readonly ILogger _logger;

    public GrainRouter(SiloRuntime runtime, ClusterServices? cluster)
    {
        _runtime = runtime;
        _cluster = cluster;
        _logger = runtime.LoggerFactory.CreateLogger<GrainRouter>();
    }

    private SiloAddress Local => _cluster!.View.LocalSilo;

    /// <summary>Routes a call made in this process (by grain code, the host, or a client through this gateway).</summary>
    public void Route(GrainId target, Request request) => Route(target, request, hops: 0);

    private void Route(GrainId target, Request request, int hops)
    {
        var catalog = _runtime.Catalog;
        if (_cluster is null)
        {
            catalog.Deliver(target, request);
            return;
        }

        if (catalog.TryDeliverToExisting(target, request))
        {
            return;
        }

        if (!TryGetGrainClass(target, request, out var grainClass))
        {
            return;
        }

        if (_cluster.Placement.IsPinned(grainClass))
        {
            RoutePinned(target, request, hops);
            return;
        }

        if (_locations.TryGetValue(target, out var cached))
        {
            if (cached != Local && _cluster.View.IsAlive(cached))
            {
                _cluster.Messages.SendRequest(cached, target, request, RequestFlags.None, hops);
                return;
            }

            _locations.TryRemove(new KeyValuePair<GrainId, SiloAddress>(target, cached));
        }

        _ = RouteThroughDirectoryAsync(target, grainClass, request, hops);
    }

    /// <summary>Routes a call another silo sent here: run it if the grain lives (or was placed) here, else say where it is not.</summary>
    public void RouteFromSilo(GrainId target, Request request, RequestFlags flags, int hops)
    {
        var catalog = _runtime.Catalog;
        if (_cluster is null || catalog.TryDeliverToExisting(target, request))
        {
            if (_cluster is null)
            {
                catalog.Deliver(target, request);
            }

            return;
        }

        if (!TryGetGrainClass(target, request, out var grainClass))
        {
            return;
        }

        if (_cluster.Placement.IsPinned(grainClass))
        {
            RoutePinned(target, request, hops);
            return;
        }

        _ = AcceptFromSiloAsync(target, request, (flags & RequestFlags.PlacedHere) != 0);
    }

    /// <summary>The silo a call was sent to does not host the grain: forget where we thought it was and route again.</summary>
    public void Reroute(PendingCall call)
    {
        _locations.TryRemove(call.Target, out _);
        if (call.Hops + 1 >= MaxHops)
        {
            call.Request.TryFail(new InvalidOperationException(
                $"{call.Request.MethodName} on grain {call.Target} could not be routed: the grain moved {MaxHops} times while the call was under way."));
            return;
        }

        if (!TryGetGrainClass(call.Target, call.Request, out var grainClass))
        {
            return;
        }

        _ = RouteThroughDirectoryAsync(call.Target, grainClass, call.Request, call.Hops + 1);
    }

    /// <summary>Called while a placed grain deactivates, before it leaves the catalog: its directory entry goes first.</summary>
    public async Task OnDeactivatingAsync(GrainId grainId, GrainClassRegistration grainClass)
    {
        if (_cluster is null || _cluster.Placement.IsPinned(grainClass) || _runtime.Catalog.IsStopping)
        {
            return;
        }

        try
        {
            await _cluster.Directory.UnregisterAsync(grainId, Local).ConfigureAwait(false);
        }
        catch (Exception error)
        {
            // The entry stays until this silo's entries are cleaned up; calls meanwhile reach this silo, which re-registers.
            LogUnregisterFailed(_logger, error, grainId);
        }
    }

    /// <summary>A silo died: forget every location on it.</summary>
    public void OnSiloDead(SiloAddress silo)
    {
        foreach (var (grainId, location) in _locations)
        {
            if (location == silo)
            {
                _locations.TryRemove(new KeyValuePair<GrainId, SiloAddress>(grainId, location));
            }
        }
    }

    private void RoutePinned(GrainId target, Request request, int hops)
    {
        SiloAddress silo;
        try
        {
            silo = PlacementService.PinnedSilo(target);
        }
        catch (ArgumentException error)
        {
            request.TryFail(error);
            return;
        }

        if (silo == Local)
        {
            _runtime.Catalog.Deliver(target, request);
        }
        else if (!_cluster!.View.IsAlive(silo))
        {
            request.TryFail(new SiloUnavailableException($"Grain {target} is pinned to silo {silo}, which is not alive."));
        }
        else
        {
            _cluster.Messages.SendRequest(silo, target, request, RequestFlags.None, hops);
        }
    }

    private async Task RouteThroughDirectoryAsync(GrainId target, GrainClassRegistration grainClass, Request request, int hops)
    {
        var cluster = _cluster!;
        try
        {
            for (var attempt = 0; attempt < MaxHops; attempt++)
            {
                var owner = await LiveOwnerAsync(target).ConfigureAwait(false);
                if (owner is null)
                {
                    var chosen = cluster.Placement.Place(target, grainClass);
                    if (chosen != Local)
                    {
                        cluster.Messages.SendRequest(chosen, target, request, RequestFlags.PlacedHere, hops);
                        return;
                    }

                    owner = await cluster.Directory.RegisterAsync(target, Local).ConfigureAwait(false);
                    if (owner != Local && !cluster.View.IsAlive(owner.Value))
                    {
                        await cluster.Directory.UnregisterAsync(target, owner.Value).ConfigureAwait(false);
                        continue;
                    }
                }

                if (owner == Local)
                {
                    _runtime.Catalog.Deliver(target, request);
                }
                else
                {
                    _locations[target] = owner.Value;
                    cluster.Messages.SendRequest(owner.Value, target, request, RequestFlags.None, hops);
                }

                return;
            }

            request.TryFail(new InvalidOperationException($"{request.MethodName} on grain {target} could not be routed: its directory entry kept changing."));
        }
        catch (Exception error)
        {
            request.TryFail(new SiloUnavailableException($"{request.MethodName} on grain {target} could not be routed: {error.Message}", error));
        }
    }

    private async Task AcceptFromSiloAsync(GrainId target, Request request, bool placedHere)
    {
        var cluster = _cluster!;
        try
        {
            var owner = await LiveOwnerAsync(target).ConfigureAwait(false);
            if (owner is null && placedHere)
            {
                owner = await cluster.Directory.RegisterAsync(target, Local).ConfigureAwait(false);
            }

            if (owner == Local)
            {
                _runtime.Catalog.Deliver(target, request);
            }
            else
            {
                request.TryFail(new NotHostedException());
            }
        }
        catch (Exception error)
        {
            request.TryFail(new SiloUnavailableException($"{request.MethodName} on grain {target} could not be routed: {error.Message}", error));
        }
    }

    /// <summary>The directory's owner of <paramref name="target"/>, after removing an entry that names a dead silo.</summary>
    private async Task<SiloAddress?> LiveOwnerAsync(GrainId target)
    {
        var cluster = _cluster!;
        var owner = await cluster.Directory.LookupAsync(target).ConfigureAwait(false);
        if (owner is { } found && found != Local && !cluster.View.IsAlive(found))
        {
            await cluster.Directory.UnregisterAsync(target, found).ConfigureAwait(false);
            return null;
        }

        return owner;
    }

    private static bool TryGetGrainClass(GrainId target, Request request, out GrainClassRegistration grainClass)
    {
        if (GrainTypeManifest.TryGetGrainClass(target.Type, out grainClass))
        {
            return true;
        }

        request.TryFail(new InvalidOperationException($"No grain class with grain type '{target.Type}' is loaded in this silo."));
        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove the directory entry of {GrainId}.")]
    private static partial void LogUnregisterFailed(ILogger logger, Exception exception, GrainId grainId);
}
