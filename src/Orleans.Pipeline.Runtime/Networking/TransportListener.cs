using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Orleans.Pipeline.Runtime.Networking;

/// <summary>
/// Accepts connections on a TCP endpoint, runs the handshake on each, and hands the authenticated ones to the
/// <see cref="IMessageSink"/> (<see cref="IMessageSink.OnConnectionOpened"/>). A connection that fails the handshake
/// is logged (Warning, with the remote endpoint and the reason) and closed before any message flows. One listener
/// instance listens once: create a new one to listen again.
/// <para>
/// Built on Kestrel's socket transport (the layer under its HTTP server): it brings tuned socket loops, pooled pinned
/// buffers and pipe-based backpressure without an HTTP stack in between.
/// </para>
/// </summary>
public sealed class TransportListener : IAsyncDisposable
{
    private const int StateCreated = 0;
    private const int StateListening = 1;
    private const int StateStopped = 2;

    private static readonly EndPoint UnknownEndPoint = new IPEndPoint(IPAddress.None, 0);

    private readonly TransportSettings _settings;
    private readonly IMessageSink _sink;
    private readonly TimeProvider _timeProvider;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly TransportMetrics _metrics;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();

    // Guarded by _lock. Handshakes in progress and connections past their handshake, so StopAsync can end them all.
    private readonly HashSet<Task> _handshakes = [];
    private readonly HashSet<Connection> _connections = [];
    private int _state;

    private IConnectionListener? _listener;
    private Task _acceptLoop = Task.CompletedTask;

    /// <summary>
    /// Creates a listener for <paramref name="localIdentity"/>. Throws <see cref="ArgumentException"/> when
    /// <paramref name="options"/> are invalid, notably when <see cref="TransportOptions.ClusterSecret"/> is empty.
    /// </summary>
    /// <param name="localIdentity">Who this endpoint is; sent to every peer in the handshake.</param>
    /// <param name="options">Transport settings; read once, here.</param>
    /// <param name="sink">Receives the accepted connections and their messages.</param>
    /// <param name="timeProvider">Clock for the handshake and close timeouts.</param>
    /// <param name="loggerFactory">Logging for the listener, its connections and the socket transport.</param>
    /// <param name="meterFactory">Where the instruments are created; <c>null</c> uses one process-wide meter.</param>
    public TransportListener(
        PeerIdentity localIdentity,
        TransportOptions options,
        IMessageSink sink,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory,
        IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _settings = TransportSettings.Create(options, localIdentity);
        _sink = sink;
        _timeProvider = timeProvider;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<TransportListener>();
        _metrics = TransportMetrics.Create(meterFactory);
    }

    /// <summary>This endpoint's identity.</summary>
    public PeerIdentity LocalIdentity => _settings.LocalIdentity;

    /// <summary>The endpoint actually listened on (with the real port when started on port 0).</summary>
    /// <exception cref="InvalidOperationException">The listener was not started.</exception>
    public IPEndPoint BoundEndPoint => _listener?.EndPoint as IPEndPoint
        ?? throw new InvalidOperationException("The transport listener has not been started; call StartAsync first.");

    /// <summary>The accepted connections that are open now.</summary>
    public IReadOnlyCollection<Connection> Connections
    {
        get
        {
            lock (_lock)
            {
                return _connections.ToArray();
            }
        }
    }

    /// <summary>Starts listening on <paramref name="endpoint"/> (port 0 picks a free port; see <see cref="BoundEndPoint"/>).</summary>
    /// <exception cref="TransportException">The endpoint cannot be listened on, e.g. the port is taken.</exception>
    public async Task StartAsync(IPEndPoint endpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        lock (_lock)
        {
            if (_state != StateCreated)
            {
                throw new InvalidOperationException("A transport listener can be started once; create a new TransportListener to listen again.");
            }

            _state = StateListening;
        }

        var transportOptions = new SocketTransportOptions
        {
            NoDelay = true,
            MaxReadBufferSize = _settings.MaxReadBufferSize,
            MaxWriteBufferSize = TransportSettings.MaxWriteBufferSize,
        };
        var factory = new SocketTransportFactory(Options.Create(transportOptions), _loggerFactory);
        try
        {
            _listener = await factory.BindAsync(endpoint, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            lock (_lock)
            {
                _state = StateStopped;
            }

            throw new TransportException($"Cannot listen on {endpoint}: {ex.Message}. Check that no other process uses the port and that the address belongs to this machine.", ex);
        }

        TransportLog.ListenerStarted(_logger, _listener.EndPoint, _settings.LocalIdentity);
        _acceptLoop = AcceptLoopAsync(_listener);
    }

    /// <summary>
    /// Stops accepting, abandons handshakes in progress and closes every accepted connection (each drains its queue
    /// for at most <see cref="TransportOptions.CloseTimeout"/>). Safe to call more than once.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        IConnectionListener? listener;
        lock (_lock)
        {
            if (_state == StateStopped)
            {
                return;
            }

            _state = StateStopped;
            listener = _listener;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        if (listener is null)
        {
            return;
        }

        await listener.UnbindAsync(cancellationToken).ConfigureAwait(false);
        await _acceptLoop.ConfigureAwait(false);

        Task[] handshakes;
        lock (_lock)
        {
            handshakes = [.. _handshakes];
        }

        // A handshake that finishes now sees the stopped state and closes its connection itself.
        await Task.WhenAll(handshakes).ConfigureAwait(false);

        Connection[] connections;
        lock (_lock)
        {
            connections = [.. _connections];
        }

        await Task.WhenAll(connections.Select(static connection => connection.CloseAsync().AsTask())).WaitAsync(cancellationToken).ConfigureAwait(false);
        await listener.DisposeAsync().ConfigureAwait(false);
        TransportLog.ListenerStopped(_logger, listener.EndPoint, connections.Length);
    }

    /// <summary>Same as <see cref="StopAsync"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync(IConnectionListener listener)
    {
        // Yield first so StartAsync returns without running the loop inline.
        await Task.Yield();
        while (true)
        {
            ConnectionContext? context;
            try
            {
                context = await listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The socket transport retries transient accept errors itself; what reaches here ends the listener.
                if (!_stopping.IsCancellationRequested)
                {
                    TransportLog.AcceptFailed(_logger, listener.EndPoint, ex);
                }

                return;
            }

            if (context is null)
            {
                return;
            }

            var handshake = Task.Run(() => AcceptAsync(context));
            lock (_lock)
            {
                _handshakes.Add(handshake);
            }

            _ = handshake.ContinueWith(
                static (task, state) =>
                {
                    var self = (TransportListener)state!;
                    lock (self._lock)
                    {
                        self._handshakes.Remove(task);
                    }
                },
                this,
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }

    private async Task AcceptAsync(ConnectionContext context)
    {
        var remote = context.RemoteEndPoint ?? UnknownEndPoint;
        try
        {
            await AcceptCoreAsync(context, remote).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Whatever goes wrong with one incoming connection must not reach the accept loop or StopAsync.
            TransportLog.AcceptConnectionFailed(_logger, remote, ex);
            await context.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task AcceptCoreAsync(ConnectionContext context, EndPoint remote)
    {
        PeerIdentity peer;
        try
        {
            peer = await Handshake.RunAsync(context.Transport, _settings, isInitiator: false, remote, _timeProvider, _stopping.Token).ConfigureAwait(false);
        }
        catch (HandshakeFailedException ex)
        {
            _metrics.HandshakeFailed(ex.Reason);
            TransportLog.HandshakeFailed(_logger, remote, ex.Reason, ex.Detail);
            await DiscardAsync(context).ConfigureAwait(false);
            return;
        }
        catch (OperationCanceledException)
        {
            await DiscardAsync(context).ConfigureAwait(false);
            return;
        }

        var connection = new Connection(context, peer, isOutbound: false, remote, _settings, _sink, _metrics, _logger, _timeProvider);
        bool accepted;
        lock (_lock)
        {
            accepted = _state == StateListening;
            if (accepted)
            {
                _connections.Add(connection);
            }
        }

        if (!accepted)
        {
            await DiscardAsync(context).ConfigureAwait(false);
            return;
        }

        _ = connection.Closed.ContinueWith(
            (_, state) =>
            {
                lock (_lock)
                {
                    _connections.Remove((Connection)state!);
                }
            },
            connection,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        TransportLog.ConnectionAccepted(_logger, peer, remote);
        connection.Start();
    }

    private static async Task DiscardAsync(ConnectionContext context)
    {
        // Disposing shuts the socket down in order rather than resetting it, so the peer still reads the proof this
        // side already sent and can tell for itself why the handshake failed.
        await context.DisposeAsync().ConfigureAwait(false);
    }
}
