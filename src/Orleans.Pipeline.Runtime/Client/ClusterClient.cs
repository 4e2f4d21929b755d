using System.Buffers;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Pipeline.Runtime.Hosting;
using Orleans.Pipeline.Runtime.Invocation;
using Orleans.Pipeline.Runtime.Manifest;
using Orleans.Pipeline.Runtime.Membership;
using Orleans.Pipeline.Runtime.Messaging;
using Orleans.Pipeline.Runtime.Networking;
using Orleans.Pipeline.Runtime.Serialization;

namespace Orleans.Pipeline.Runtime.Client;

/// <summary>
/// A connection to a cluster from outside it. Calls go through one gateway silo at a time, which routes them like
/// calls of its own; when that gateway's connection is lost, its unanswered calls fail with
/// <see cref="SiloUnavailableException"/> and later calls go through another live gateway. Grain references work
/// exactly as inside a grain.
/// </summary>
public sealed partial class ClusterClient : IGrainFactory, IGrainCallInvoker, IMessageSink, IAsyncDisposable
{
    private readonly ClientOptions _options;
    private readonly IMembershipTable? _membership;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly TransportConnector _connector;
    private readonly PendingCalls _pending;
    private readonly GrainReferenceFactory _references;
    private readonly long _timeoutTicks;
    private readonly Lock _gatewayLock = new();
    private Dictionary<string, string> _interfaceMap = new(StringComparer.Ordinal);
    private IReadOnlyList<EndPoint> _gateways = [];
    private Connection? _current;
    private ITimer? _sweeper;

    public ClusterClient(ClientOptions options, IMembershipTable? membership = null, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _membership = membership;
        _timeProvider = timeProvider ?? TimeProvider.System;
        loggerFactory ??= NullLoggerFactory.Instance;
        _logger = loggerFactory.CreateLogger<ClusterClient>();
        if (string.IsNullOrEmpty(options.ClusterSecret))
        {
            throw new ArgumentException("ClientOptions.ClusterSecret is empty: a client needs the cluster's secret to connect.", nameof(options));
        }

        _connector = new TransportConnector(
            PeerIdentity.Client(Guid.NewGuid()),
            new TransportOptions { ClusterId = options.ClusterId, ClusterSecret = options.ClusterSecret },
            this,
            _timeProvider,
            loggerFactory);
        _pending = new PendingCalls(_timeProvider, options.ResponseTimeout);
        _references = new GrainReferenceFactory(this, GrainTypeOf);
        _timeoutTicks = (long)(options.ResponseTimeout.TotalSeconds * _timeProvider.TimestampFrequency);
    }

    IGrainFactory IGrainCallInvoker.GrainFactory => this;

    /// <summary>The gateway calls go through now, or null when not connected.</summary>
    public EndPoint? CurrentGateway => _current is { IsClosed: false } current ? current.RemoteEndPoint : null;

    /// <summary>Connects to a gateway and loads the cluster's grain interface map. Fails with a message naming what was tried.</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        var period = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond * 10, _options.ResponseTimeout.Ticks / 10));
        _sweeper ??= _timeProvider.CreateTimer(static s => ((PendingCalls)s!).Sweep(), _pending, period, period);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.ConnectTimeout);
        await GetConnectionAsync(deadline.Token).ConfigureAwait(false);
        var manifest = GetGrain<IManifestGrain>(GrainId.Create(ManifestGrain.GrainTypeName, "client"));
        _interfaceMap = await manifest.GetInterfaceMapAsync().WaitAsync(deadline.Token).ConfigureAwait(false);
    }

    public TGrainInterface GetGrain<TGrainInterface>(string key)
        where TGrainInterface : IGrainWithStringKey => _references.Get<TGrainInterface>(key);

    public TGrainInterface GetGrain<TGrainInterface>(Guid key)
        where TGrainInterface : IGrainWithGuidKey => _references.Get<TGrainInterface>(key);

    public TGrainInterface GetGrain<TGrainInterface>(long key)
        where TGrainInterface : IGrainWithIntegerKey => _references.Get<TGrainInterface>(key);

    public TGrainInterface GetGrain<TGrainInterface>(GrainId grainId)
        where TGrainInterface : IAddressable => _references.Get<TGrainInterface>(grainId);

    public void Send(GrainReference target, Request request)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(request);
        request.DeadlineTimestamp = _timeProvider.GetTimestamp() + _timeoutTicks;
        var call = _pending.Add(target.GrainId, request, RequestFlags.None, hops: 0);
        var current = _current;
        if (current is { IsClosed: false })
        {
            Transmit(current, call);
        }
        else
        {
            _ = TransmitAfterConnectingAsync(call);
        }
    }

    private async Task TransmitAfterConnectingAsync(PendingCall call)
    {
        try
        {
            using var deadline = new CancellationTokenSource(_options.ConnectTimeout, _timeProvider);
            Transmit(await GetConnectionAsync(deadline.Token).ConfigureAwait(false), call);
        }
        catch (Exception error) when (error is SiloUnavailableException or OperationCanceledException)
        {
            _pending.Fail(call.CorrelationId, error as SiloUnavailableException
                ?? new SiloUnavailableException($"{call.Request.MethodName} on grain {call.Target}: no gateway could be reached within {_options.ConnectTimeout}.", error));
        }
    }

    private void Transmit(Connection connection, PendingCall call)
    {
        call.Connection = connection;
        try
        {
            connection.Send(new RequestMessage(call, _timeProvider));
        }
        catch (TransportException error)
        {
            _pending.Fail(call.CorrelationId, new SiloUnavailableException($"{call.Request.MethodName} on grain {call.Target} could not be sent to gateway {connection.RemoteEndPoint}: {error.Message}", error));
        }
    }

    /// <summary>The current gateway connection, or a new one to the first gateway that answers.</summary>
    private async Task<Connection> GetConnectionAsync(CancellationToken cancellationToken)
    {
        var current = _current;
        if (current is { IsClosed: false })
        {
            return current;
        }

        var failures = new List<string>();
        while (true)
        {
            var gateways = await GatewaysAsync(cancellationToken).ConfigureAwait(false);
            foreach (var gateway in gateways.OrderBy(_ => Random.Shared.Next()))
            {
                try
                {
                    var connection = await _connector.GetConnectionAsync(gateway, cancellationToken).ConfigureAwait(false);
                    lock (_gatewayLock)
                    {
                        if (_current is not { IsClosed: false })
                        {
                            _current = connection;
                        }

                        return _current;
                    }
                }
                catch (TransportException error)
                {
                    failures.Add($"{gateway}: {error.Message}");
                }
            }

            if (cancellationToken.IsCancellationRequested || (_membership is null && gateways.Count > 0 && failures.Count >= gateways.Count * 3))
            {
                throw new SiloUnavailableException($"No gateway of cluster '{_options.ClusterId}' could be reached: {string.Join("; ", failures.TakeLast(6))}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), _timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<IReadOnlyList<EndPoint>> GatewaysAsync(CancellationToken cancellationToken)
    {
        if (_options.Gateways.Count > 0)
        {
            return _gateways.Count > 0 ? _gateways : _gateways = _options.Gateways.Select(ParseEndPoint).ToArray();
        }

        if (_membership is null)
        {
            throw new InvalidOperationException("ClientOptions.Gateways is empty and no membership table was given: the client cannot find the cluster.");
        }

        var snapshot = await _membership.ReadAllAsync(cancellationToken).ConfigureAwait(false);
        return snapshot.Rows
            .Select(r => r.Entry)
            .Where(e => e.Status == SiloStatus.Active && e.GatewayPort > 0)
            .Select(e => (EndPoint)new IPEndPoint(IPAddress.Parse(e.Address.Host), e.GatewayPort))
            .ToArray();
    }

    private static IPEndPoint ParseEndPoint(string text) =>
        IPEndPoint.TryParse(text, out var endpoint) && endpoint.Port != 0
            ? endpoint
            : throw new FormatException($"'{text}' is not a gateway endpoint; expected 'address:port', e.g. 127.0.0.1:11111.");

    /// <summary>The grain type behind an interface: from the cluster's map, else from grain classes loaded here.</summary>
    private string GrainTypeOf(Type interfaceType) =>
        _interfaceMap.TryGetValue(interfaceType.FullName!, out var grainType)
            ? grainType
            : GrainTypeManifest.GetGrainClassFor(interfaceType).GrainType;

    public void OnConnectionOpened(Connection connection)
    {
    }

    public void OnMessage(Connection connection, ReadOnlySequence<byte> message)
    {
        using var bytes = new WireReader(message);
        var reader = new Reader(bytes.Span, this);
        if ((MessageKind)reader.ReadVarUInt32() == MessageKind.Response)
        {
            _pending.HandleResponse(ref reader, static call => call.Request.TryFail(new InvalidOperationException(
                $"{call.Request.MethodName} on grain {call.Target}: the gateway could not route the call.")));
        }
    }

    public void OnConnectionClosed(Connection connection, Exception? error)
    {
        LogGatewayLost(_logger, connection.RemoteEndPoint, error);
        _pending.FailAll(connection, call => new SiloUnavailableException(
            $"The connection to gateway {connection.RemoteEndPoint} was lost before {call.Request.MethodName} on grain {call.Target} answered; the call may or may not have run."));
    }

    public async ValueTask DisposeAsync()
    {
        if (_sweeper is not null)
        {
            await _sweeper.DisposeAsync().ConfigureAwait(false);
        }

        await _connector.DisposeAsync().ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Lost gateway {Gateway}.")]
    private static partial void LogGatewayLost(ILogger logger, EndPoint gateway, Exception? exception);
}
