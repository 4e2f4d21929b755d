using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;

namespace Orleans.Pipeline.Runtime.Networking;

/// <summary>
/// Opens outbound connections and keeps one long-lived <see cref="Connection"/> per peer endpoint.
/// <see cref="GetConnectionAsync"/> returns the open connection, or creates it: callers that arrive while a connect
/// is in progress share that attempt; a closed connection is replaced on the next call. After a failed attempt
/// (connect refused or timed out, handshake refused) calls fail at once with <see cref="ConnectionFailedException"/>
/// until a backoff has passed: <see cref="TransportOptions.ReconnectBackoffMin"/> doubling per consecutive failure
/// up to <see cref="TransportOptions.ReconnectBackoffMax"/>, each jittered down by up to half, so a dead peer is not
/// hammered and many endpoints do not retry in lockstep.
/// </summary>
public sealed class TransportConnector : IAsyncDisposable
{
    private readonly TransportSettings _settings;
    private readonly IMessageSink _sink;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly TransportMetrics _metrics;
    private readonly SocketConnectionContextFactory _contextFactory;
    private readonly ConcurrentDictionary<EndPoint, PeerEntry> _entries = new();
    private readonly CancellationTokenSource _disposing = new();
    private int _disposed;

    /// <summary>
    /// Creates a connector for <paramref name="localIdentity"/>. Throws <see cref="ArgumentException"/> when
    /// <paramref name="options"/> are invalid, notably when <see cref="TransportOptions.ClusterSecret"/> is empty.
    /// </summary>
    /// <param name="localIdentity">Who this endpoint is; sent to every peer in the handshake.</param>
    /// <param name="options">Transport settings; read once, here.</param>
    /// <param name="sink">Receives the connections' messages and closes.</param>
    /// <param name="timeProvider">Clock for the backoff and the connect, handshake and close timeouts.</param>
    /// <param name="loggerFactory">Logging for the connector, its connections and the socket transport.</param>
    /// <param name="meterFactory">Where the instruments are created; <c>null</c> uses one process-wide meter.</param>
    public TransportConnector(
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
        _logger = loggerFactory.CreateLogger<TransportConnector>();
        _metrics = TransportMetrics.Create(meterFactory);
        _contextFactory = new SocketConnectionContextFactory(
            new SocketConnectionFactoryOptions
            {
                MaxReadBufferSize = _settings.MaxReadBufferSize,
                MaxWriteBufferSize = TransportSettings.MaxWriteBufferSize,
            },
            loggerFactory.CreateLogger<SocketConnectionContextFactory>());
    }

    /// <summary>This endpoint's identity.</summary>
    public PeerIdentity LocalIdentity => _settings.LocalIdentity;

    /// <summary>
    /// Returns the open connection to <paramref name="peer"/>, connecting first if there is none. Completes
    /// synchronously when the connection is open. <paramref name="cancellationToken"/> abandons only this caller's
    /// wait; the shared attempt goes on (bounded by the connect and handshake timeouts).
    /// </summary>
    /// <exception cref="ConnectionFailedException">The attempt failed, or a recent one did and the connector is backing off; the inner exception is the cause.</exception>
    public ValueTask<Connection> GetConnectionAsync(EndPoint peer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(peer);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var entry = _entries.GetOrAdd(peer, static endPoint => new PeerEntry(endPoint));
        var connection = entry.Connection;
        if (connection is { IsClosed: false })
        {
            return new ValueTask<Connection>(connection);
        }

        return ConnectOrJoinAsync(entry, cancellationToken);
    }

    /// <summary>
    /// Closes the connection to <paramref name="peer"/>, if any, and forgets the peer (including its backoff), e.g.
    /// when it was declared dead. A later <see cref="GetConnectionAsync"/> starts afresh.
    /// </summary>
    public async ValueTask CloseAsync(EndPoint peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        if (!_entries.TryRemove(peer, out var entry))
        {
            return;
        }

        Connection? connection;
        lock (entry)
        {
            entry.Removed = true;
            connection = entry.Connection;
            entry.Connection = null;
        }

        if (connection is not null)
        {
            await connection.CloseAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Abandons connects in progress and closes every connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _disposing.CancelAsync().ConfigureAwait(false);
        var pending = new List<Task>();
        foreach (var endPoint in _entries.Keys)
        {
            if (!_entries.TryRemove(endPoint, out var entry))
            {
                continue;
            }

            lock (entry)
            {
                entry.Removed = true;
                if (entry.PendingConnect is { } connect)
                {
                    pending.Add(connect);
                }

                if (entry.Connection is { } connection)
                {
                    pending.Add(connection.CloseAsync().AsTask());
                }

                entry.Connection = null;
            }
        }

        try
        {
            await Task.WhenAll(pending).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TransportException or OperationCanceledException or ObjectDisposedException)
        {
            // Connects abandoned by the disposal fail by design; nobody waits for them any more.
        }

        _contextFactory.Dispose();
        _disposing.Dispose();
    }

    private async ValueTask<Connection> ConnectOrJoinAsync(PeerEntry entry, CancellationToken cancellationToken)
    {
        Task<Connection> attempt;
        lock (entry)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            if (entry.Connection is { IsClosed: false } open)
            {
                return open;
            }

            if (entry.PendingConnect is null)
            {
                var now = _timeProvider.GetUtcNow();
                if (entry.ConsecutiveFailures > 0 && now < entry.RetryAfter)
                {
                    throw new ConnectionFailedException(
                        entry.EndPoint,
                        entry.ConsecutiveFailures,
                        entry.RetryAfter,
                        $"Not connecting to {entry.EndPoint} yet: the last {entry.ConsecutiveFailures} attempt(s) failed, most recently with \"{entry.LastError?.Message}\"; the next attempt is allowed in {(entry.RetryAfter - now).TotalMilliseconds:0} ms. Check that the peer is running and reachable.",
                        entry.LastError);
                }

                entry.Connection = null;

                // Started on the thread pool so the attempt never runs inline under this lock. Its failure is
                // observed here because every caller may have stopped waiting (cancelled) before it ends.
                entry.PendingConnect = Task.Run(() => ConnectAsync(entry));
                _ = entry.PendingConnect.ContinueWith(
                    static task => _ = task.Exception,
                    CancellationToken.None,
                    TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
            }

            attempt = entry.PendingConnect;
        }

        return await attempt.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<Connection> ConnectAsync(PeerEntry entry)
    {
        _metrics.ConnectAttempted();
        try
        {
            var connection = await OpenAsync(entry.EndPoint).ConfigureAwait(false);
            bool keep;
            lock (entry)
            {
                keep = !entry.Removed;
                entry.PendingConnect = null;
                entry.ConsecutiveFailures = 0;
                entry.LastError = null;
                if (keep)
                {
                    entry.Connection = connection;
                }
            }

            if (!keep)
            {
                connection.Start();
                await connection.CloseAsync().ConfigureAwait(false);
                throw new ConnectionFailedException(entry.EndPoint, 0, default, $"The connection to {entry.EndPoint} was closed while it was being opened (the peer was closed on this connector or the connector was disposed).", null);
            }

            TransportLog.ConnectionEstablished(_logger, connection.Peer, connection.RemoteEndPoint);
            connection.Start();
            return connection;
        }
        catch (Exception ex) when (ex is not ConnectionFailedException)
        {
            _metrics.ConnectFailed();
            int failures;
            DateTimeOffset retryAfter;
            TimeSpan delay;
            lock (entry)
            {
                failures = ++entry.ConsecutiveFailures;
                delay = Backoff(failures);
                retryAfter = _timeProvider.GetUtcNow() + delay;
                entry.RetryAfter = retryAfter;
                entry.LastError = ex;
                entry.PendingConnect = null;
            }

            TransportLog.ConnectFailed(_logger, entry.EndPoint, failures, (long)delay.TotalMilliseconds, ex);
            throw new ConnectionFailedException(
                entry.EndPoint,
                failures,
                retryAfter,
                $"Could not connect to {entry.EndPoint}: {ex.Message.TrimEnd('.')}. The connector will not try again for {delay.TotalMilliseconds:0} ms.",
                ex);
        }
    }

    private async Task<Connection> OpenAsync(EndPoint endPoint)
    {
        var socket = endPoint is IPEndPoint ip
            ? new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
            : new Socket(SocketType.Stream, ProtocolType.Tcp);
        socket.NoDelay = true;
        using (var timeout = new CancellationTokenSource(_settings.ConnectTimeout, _timeProvider))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _disposing.Token))
        {
            try
            {
                await socket.ConnectAsync(endPoint, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !_disposing.IsCancellationRequested)
            {
                socket.Dispose();
                throw new TransportException($"the TCP connect did not complete within {_settings.ConnectTimeout.TotalSeconds:0.###} s (TransportOptions.ConnectTimeout).");
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                throw new TransportException($"the TCP connect failed ({ex.SocketErrorCode}: {ex.Message}).", ex);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        var context = _contextFactory.Create(socket);
        var remote = context.RemoteEndPoint ?? endPoint;
        PeerIdentity peer;
        try
        {
            peer = await Handshake.RunAsync(context.Transport, _settings, isInitiator: true, remote, _timeProvider, _disposing.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Logged once, with the endpoint and the reason, by ConnectAsync's failure path.
            if (ex is HandshakeFailedException handshakeFailure)
            {
                _metrics.HandshakeFailed(handshakeFailure.Reason);
            }

            await context.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new Connection(context, peer, isOutbound: true, endPoint, _settings, _sink, _metrics, _logger, _timeProvider);
    }

    private TimeSpan Backoff(int consecutiveFailures)
    {
        var min = _settings.ReconnectBackoffMin.TotalMilliseconds;
        var max = _settings.ReconnectBackoffMax.TotalMilliseconds;
        var ceiling = Math.Min(max, min * Math.Pow(2, Math.Min(consecutiveFailures - 1, 30)));

        // Jitter keeps endpoints that lost the same peer at the same moment from retrying in lockstep.
        return TimeSpan.FromMilliseconds(ceiling * (0.5 + (Random.Shared.NextDouble() * 0.5)));
    }
}
