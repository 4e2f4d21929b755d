using System.Net;
using System.Net.Sockets;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Pipeline.Runtime.GrainDirectory;
using Orleans.Pipeline.Runtime.Manifest;
using Orleans.Pipeline.Runtime.Membership;
using Orleans.Pipeline.Runtime.Messaging;
using Orleans.Pipeline.Runtime.Networking;
using Orleans.Pipeline.Runtime.Placement;

namespace Orleans.Pipeline.Runtime.Hosting;

/// <summary>
/// One silo: hosts activations of the grain classes it has loaded. Started and stopped by the .NET Generic Host;
/// stopping deactivates every activation (each runs <c>OnDeactivateAsync</c>, where grains write their state).
/// When a membership table and a grain directory are registered, the silo listens on TCP, joins the cluster and
/// routes calls to the silos that host their grains; otherwise it is a single silo on its own.
/// </summary>
public sealed partial class Silo : IHostedService, IAsyncDisposable
{
    private readonly SiloRuntime _runtime;
    private readonly ILogger<Silo> _logger;
    private readonly ClusterOptions _clusterOptions;
    private readonly MembershipOptions _membershipOptions;
    private ITimer? _sweeper;
    private MembershipService? _membership;
    private MessageCenter? _messages;
    private int _stopped;

    internal Silo(SiloRuntime runtime, ILogger<Silo> logger, IOptions<ClusterOptions> clusterOptions, IOptions<MembershipOptions> membershipOptions)
    {
        _runtime = runtime;
        _logger = logger;
        _clusterOptions = clusterOptions.Value;
        _membershipOptions = membershipOptions.Value;
    }

    public string SiloName => _runtime.Options.SiloName;

    public IGrainFactory GrainFactory => _runtime.GrainFactory;

    /// <summary>This silo's address in the cluster; null for a silo without a cluster, or before it started.</summary>
    public SiloAddress? SiloAddress => _membership?.LocalSilo;

    /// <summary>The cluster's membership as this silo sees it; null for a silo without a cluster.</summary>
    public IClusterMembership? Membership => _membership;

    /// <summary>How many activations this silo holds now.</summary>
    public int ActivationCount => _runtime.Catalog.Count;

    /// <summary>The grain ids of the activations this silo holds now.</summary>
    public IReadOnlyList<GrainId> GetActivations() => _runtime.Catalog.Activations.Select(a => a.GrainId).ToArray();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var assembly in GrainAssemblies())
        {
            GrainTypeManifest.EnsureLoaded(assembly);
        }

        var period = _runtime.Options.SweepPeriod;
        _sweeper = _runtime.TimeProvider.CreateTimer(static s => ((Silo)s!).Sweep(), this, period, period);
        var table = _runtime.Services.GetService<IMembershipTable>();
        var directory = _runtime.Services.GetService<IGrainDirectory>();
        if (table is not null && directory is not null)
        {
            await JoinClusterAsync(table, directory, cancellationToken).ConfigureAwait(false);
        }

        LogStarted(_logger, SiloName, SiloAddress, GrainTypeManifest.GrainClasses.Count);
    }

    private async Task JoinClusterAsync(IMembershipTable table, IGrainDirectory directory, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(_clusterOptions.ClusterSecret))
        {
            throw new InvalidOperationException("ClusterOptions.ClusterSecret is empty: every silo and client of a cluster must share a secret (set Cluster:ClusterSecret).");
        }

        if (!IPAddress.TryParse(_clusterOptions.ListenAddress, out var listenAddress))
        {
            throw new InvalidOperationException($"ClusterOptions.ListenAddress '{_clusterOptions.ListenAddress}' is not an IP address.");
        }

        var port = _clusterOptions.Port != 0 ? _clusterOptions.Port : FreePort(listenAddress);
        var local = new SiloAddress(listenAddress.ToString(), port, _runtime.TimeProvider.GetUtcNow().UtcTicks);
        var loads = new LoadTable();
        var transport = new TransportOptions { ClusterId = _clusterOptions.ClusterId, ClusterSecret = _clusterOptions.ClusterSecret };
        _messages = new MessageCenter(_runtime, local, transport, loads);
        _membership = new MembershipService(
            table,
            new MessageCenterProber(_messages),
            directory,
            _membershipOptions,
            local,
            SiloName,
            port,
            _runtime.TimeProvider,
            _runtime.LoggerFactory.CreateLogger<MembershipService>());
        var view = new MembershipClusterView(_membership);
        var placement = new PlacementService(_runtime.Services, view, loads, () => _runtime.Catalog.Count);
        var cluster = new ClusterServices(view, directory, placement, _messages);
        _runtime.Cluster = cluster;
        _runtime.Router = new GrainRouter(_runtime, cluster);
        _messages.Router = _runtime.Router;
        _membership.SiloStatusChanged += OnSiloStatusChanged;
        _membership.DeclaredDead += OnDeclaredDead;
        await _messages.StartAsync(cancellationToken).ConfigureAwait(false);
        await _membership.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    private void OnSiloStatusChanged(object? sender, MembershipChange change)
    {
        if (change.Status == SiloStatus.Dead && change.Silo != _membership?.LocalSilo)
        {
            _runtime.Router.OnSiloDead(change.Silo);
            _ = _messages?.OnSiloDeadAsync(change.Silo);
        }
    }

    private void OnDeclaredDead(object? sender, MembershipChange change)
    {
        // The cluster has moved this silo's grains elsewhere: serving any of them now could make a second activation.
        LogDeclaredDead(_logger, SiloName, change.Silo);
        _runtime.Catalog.Abandon();
        _runtime.Services.GetService<IHostApplicationLifetime>()?.StopApplication();
    }

    private void Sweep()
    {
        _runtime.Catalog.Sweep();
        _runtime.Cluster?.Messages.Pending.Sweep();
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        LogStopping(_logger, SiloName, _runtime.Catalog.Count);
        if (_membership is not null)
        {
            await _membership.MarkShuttingDownAsync(cancellationToken).ConfigureAwait(false);
        }

        await _runtime.Catalog.DeactivateAllAsync(cancellationToken).ConfigureAwait(false);
        if (_membership is not null)
        {
            await _membership.ShutdownAsync(cancellationToken).ConfigureAwait(false);
            await _membership.DisposeAsync().ConfigureAwait(false);
        }

        if (_messages is not null)
        {
            await _messages.DisposeAsync().ConfigureAwait(false);
        }

        await DisposeSweeperAsync().ConfigureAwait(false);
        LogStopped(_logger, SiloName);
    }

    /// <summary>
    /// Stops this silo as a crash would: no deactivation code runs, nothing is written to the cluster database, and
    /// connections drop. The other silos find out through failed probes. For fault tests.
    /// </summary>
    public async Task KillAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        if (_membership is not null)
        {
            await _membership.DisposeAsync().ConfigureAwait(false);
        }

        _runtime.Catalog.Abandon();
        if (_messages is not null)
        {
            await _messages.DisposeAsync().ConfigureAwait(false);
        }

        await DisposeSweeperAsync().ConfigureAwait(false);
        LogKilled(_logger, SiloName);
    }

    public async ValueTask DisposeAsync() => await DisposeSweeperAsync().ConfigureAwait(false);

    private async Task DisposeSweeperAsync()
    {
        if (_sweeper is not null)
        {
            await _sweeper.DisposeAsync().ConfigureAwait(false);
        }

    }

    private static int FreePort(IPAddress address)
    {
        using var probe = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(address, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {SiloName} started ({Address}) with {GrainClassCount} grain classes.")]
    private static partial void LogStarted(ILogger logger, string siloName, SiloAddress? address, int grainClassCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {SiloName} stopping: deactivating {ActivationCount} activations.")]
    private static partial void LogStopping(ILogger logger, string siloName, int activationCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {SiloName} stopped.")]
    private static partial void LogStopped(ILogger logger, string siloName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Silo {SiloName} was killed.")]
    private static partial void LogKilled(ILogger logger, string siloName);

    [LoggerMessage(Level = LogLevel.Error, Message = "Silo {SiloName} ({Address}) was declared dead by the cluster; it stops serving.")]
    private static partial void LogDeclaredDead(ILogger logger, string siloName, SiloAddress address);
}
