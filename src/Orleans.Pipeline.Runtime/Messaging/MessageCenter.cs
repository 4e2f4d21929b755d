using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using Orleans.Pipeline.Runtime.Hosting;
using Orleans.Pipeline.Runtime.Invocation;
using Orleans.Pipeline.Runtime.Manifest;
using Orleans.Pipeline.Runtime.Membership;
using Orleans.Pipeline.Runtime.Networking;
using Orleans.Pipeline.Runtime.Placement;
using Orleans.Pipeline.Runtime.Serialization;

namespace Orleans.Pipeline.Runtime.Messaging;

/// <summary>
/// A silo's messaging over the transport: sends calls to other silos and completes them from their responses,
/// serves calls from silos and clients (answering on the connection they came on), and answers probes.
/// </summary>
internal sealed partial class MessageCenter : IMessageSink, IAsyncDisposable
{
    private readonly SiloRuntime _runtime;
    private readonly TransportListener _listener;
    private readonly TransportConnector _connector;
    private readonly LoadTable _loads;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<long, (SiloAddress Silo, TaskCompletionSource<bool> Answer)> _pings = new();
    private long _nextPing;

    public MessageCenter(SiloRuntime runtime, SiloAddress localSilo, TransportOptions transport, LoadTable loads)
    {
        _runtime = runtime;
        _loads = loads;
        LocalSilo = localSilo;
        var identity = new PeerIdentity(PeerIdentity.SiloKind, localSilo.ToString());
        _listener = new TransportListener(identity, transport, this, runtime.TimeProvider, runtime.LoggerFactory);
        _connector = new TransportConnector(identity, transport, this, runtime.TimeProvider, runtime.LoggerFactory);
        _logger = runtime.LoggerFactory.CreateLogger<MessageCenter>();
        Pending = new PendingCalls(runtime.TimeProvider, runtime.Options.ResponseTimeout);
    }

    public SiloAddress LocalSilo { get; }

    public PendingCalls Pending { get; }

    /// <summary>Set once routing exists (it needs this message center first).</summary>
    public GrainRouter Router { get; set; } = null!;

    public Task StartAsync(CancellationToken cancellationToken) =>
        _listener.StartAsync(LocalSilo.ToEndPoint(), cancellationToken);

    public Task StopListeningAsync(CancellationToken cancellationToken) => _listener.StopAsync(cancellationToken);

    /// <summary>Sends <paramref name="request"/> to <paramref name="silo"/>; its outcome completes the request.</summary>
    public void SendRequest(SiloAddress silo, GrainId target, Request request, RequestFlags flags, int hops)
    {
        var call = Pending.Add(target, request, flags, hops);
        call.Silo = silo;
        var connecting = _connector.GetConnectionAsync(silo.ToEndPoint());
        if (connecting.IsCompletedSuccessfully)
        {
            Transmit(connecting.Result, call);
        }
        else
        {
            _ = TransmitWhenConnectedAsync(connecting, call);
        }
    }

    private async Task TransmitWhenConnectedAsync(ValueTask<Connection> connecting, PendingCall call)
    {
        Connection connection;
        try
        {
            connection = await connecting.ConfigureAwait(false);
        }
        catch (Exception error)
        {
            Pending.Fail(call.CorrelationId, Unavailable(call, error));
            return;
        }

        Transmit(connection, call);
    }

    private void Transmit(Connection connection, PendingCall call)
    {
        call.Connection = connection;
        var message = new RequestMessage(call, _runtime.TimeProvider);
        try
        {
            connection.Send(message);
        }
        catch (TransportBackpressureException)
        {
            _ = SendLaterAsync(connection, message, call);
        }
        catch (TransportException error)
        {
            Pending.Fail(call.CorrelationId, Unavailable(call, error));
        }
    }

    private async Task SendLaterAsync(Connection connection, RequestMessage message, PendingCall call)
    {
        try
        {
            await connection.SendAsync(message).ConfigureAwait(false);
        }
        catch (TransportException error)
        {
            Pending.Fail(call.CorrelationId, Unavailable(call, error));
        }
    }

    private static SiloUnavailableException Unavailable(PendingCall call, Exception error) =>
        new($"{call.Request.MethodName} on grain {call.Target} could not reach silo {call.Silo}: {error.Message}", error);

    /// <summary>Probes <paramref name="silo"/>: true if it answered within <paramref name="timeout"/>.</summary>
    public async Task<bool> PingAsync(SiloAddress silo, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextPing);
        var answer = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pings[id] = (silo, answer);
        try
        {
            var connection = await _connector.GetConnectionAsync(silo.ToEndPoint(), cancellationToken)
                .AsTask().WaitAsync(timeout, _runtime.TimeProvider, cancellationToken).ConfigureAwait(false);
            connection.Send(new PingMessage(MessageKind.Ping, id, _runtime.Catalog.Count));
            return await answer.Task.WaitAsync(timeout, _runtime.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is TransportException or TimeoutException or System.Net.Sockets.SocketException)
        {
            return false;
        }
        finally
        {
            _pings.TryRemove(id, out _);
        }
    }

    /// <summary>Forgets a dead silo: its calls fail now, its connection closes.</summary>
    public async Task OnSiloDeadAsync(SiloAddress silo)
    {
        Pending.FailAll(silo, call => new SiloUnavailableException(
            $"Silo {silo} was declared dead before {call.Request.MethodName} on grain {call.Target} answered."));
        _loads.Forget(silo);
        await _connector.CloseAsync(silo.ToEndPoint()).ConfigureAwait(false);
    }

    public void OnConnectionOpened(Connection connection)
    {
    }

    public void OnMessage(Connection connection, ReadOnlySequence<byte> message)
    {
        using var bytes = new WireReader(message);
        var reader = new Reader(bytes.Span, _runtime.GrainFactory);
        switch ((MessageKind)reader.ReadVarUInt32())
        {
            case MessageKind.Request:
                OnRequest(connection, ref reader);
                break;
            case MessageKind.Response:
                Pending.HandleResponse(ref reader, Router.Reroute);
                break;
            case MessageKind.Ping:
                connection.Send(new PingMessage(MessageKind.Pong, (long)reader.ReadVarUInt64(), _runtime.Catalog.Count));
                break;
            case MessageKind.Pong:
                var id = (long)reader.ReadVarUInt64();
                var activations = (int)reader.ReadVarUInt32();
                if (_pings.TryGetValue(id, out var ping))
                {
                    _loads.Report(ping.Silo, activations);
                    ping.Answer.TrySetResult(true);
                }

                break;
            default:
                throw new WireFormatException($"Unknown message kind from {connection.Peer}.");
        }
    }

    private void OnRequest(Connection connection, ref Reader reader)
    {
        var correlationId = (long)reader.ReadVarUInt64();
        var target = new GrainId(reader.ReadString(), reader.ReadString());
        var methodId = reader.ReadString();
        var remainingMs = (long)reader.ReadVarUInt64();
        var flags = (RequestFlags)reader.ReadVarUInt32();
        var hops = (int)reader.ReadVarUInt32();
        if (!GrainTypeManifest.TryCreateRequest(methodId, out var request))
        {
            Respond(connection, ResponseMessage.Failure(correlationId, new InvalidOperationException(
                $"Silo {_runtime.Options.SiloName} does not know the grain method {methodId}: is the assembly of its grain interface loaded there?")));
            return;
        }

        try
        {
            request.ReadArguments(ref reader);
        }
        catch (Exception error) when (error is WireFormatException or NotSupportedException)
        {
            Respond(connection, ResponseMessage.Failure(correlationId, error));
            return;
        }

        var time = _runtime.TimeProvider;
        request.DeadlineTimestamp = time.GetTimestamp() + (remainingMs * time.TimestampFrequency / 1000);
        request.WhenCompleted.ContinueWith(
            static (completed, state) =>
            {
                var (center, connection, correlationId, request) = ((MessageCenter, Connection, long, Request))state!;
                center.Respond(connection, completed.Exception?.InnerException is NotHostedException
                    ? ResponseMessage.NotHosted(correlationId)
                    : ResponseMessage.For(correlationId, request));
            },
            (this, connection, correlationId, request),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

        if (connection.Peer.IsClient)
        {
            Router.Route(target, request);
        }
        else
        {
            Router.RouteFromSilo(target, request, flags, hops);
        }
    }

    private void Respond(Connection connection, ResponseMessage response)
    {
        try
        {
            connection.Send(response);
        }
        catch (TransportBackpressureException)
        {
            _ = RespondLaterAsync(connection, response);
        }
        catch (ConnectionClosedException)
        {
            // The caller is gone; its own side fails the call.
        }
    }

    private async Task RespondLaterAsync(Connection connection, ResponseMessage response)
    {
        try
        {
            await connection.SendAsync(response).ConfigureAwait(false);
        }
        catch (TransportException error)
        {
            LogResponseLost(_logger, error, connection.Peer.ToString());
        }
    }

    public void OnConnectionClosed(Connection connection, Exception? error) =>
        Pending.FailAll(connection, call => new SiloUnavailableException(
            $"The connection to {connection.Peer} closed before {call.Request.MethodName} on grain {call.Target} answered.", error!));

    public async ValueTask DisposeAsync()
    {
        await _listener.DisposeAsync().ConfigureAwait(false);
        await _connector.DisposeAsync().ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A response to {Peer} was lost.")]
    private static partial void LogResponseLost(ILogger logger, Exception exception, string peer);
}
