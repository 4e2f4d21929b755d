using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace Orleans.Pipeline.Runtime.Networking;

/// <summary>
/// One authenticated, long-lived TCP connection with a peer, obtained from a <see cref="TransportConnector"/>
/// (outbound) or handed to the <see cref="IMessageSink"/> by a <see cref="TransportListener"/> (inbound).
/// <para>
/// Sending: <see cref="Send"/> and <see cref="SendAsync"/> only queue the message (any thread, never blocking on
/// I/O). One writer loop per connection drains the queue: it writes every message that is waiting into the output as
/// a batch of frames, then flushes once, so under load one syscall carries many messages. Messages go out in the
/// order they were queued. The queue holds at most <see cref="TransportOptions.MaxQueuedMessages"/> messages; beyond
/// that <see cref="Send"/> throws <see cref="TransportBackpressureException"/> and <see cref="SendAsync"/> waits, so
/// a slow peer costs bounded memory.
/// </para>
/// <para>
/// Receiving: one read loop per connection hands each message to <see cref="IMessageSink.OnMessage"/> in order.
/// </para>
/// </summary>
public sealed class Connection : IAsyncDisposable
{
    private const int StateOpen = 0;
    private const int StateClosing = 1;
    private const int StateClosed = 2;

    // The writer loop stops taking messages and flushes once this much is pending, so the socket starts sending
    // while the rest of a long queue is serialized.
    private const int FlushThreshold = 256 * 1024;

    private readonly ConnectionContext _context;
    private readonly TransportSettings _settings;
    private readonly IMessageSink _sink;
    private readonly TransportMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly FrameWriter _frameWriter;
    private readonly FrameReader _frameReader;

    // Exactly one reader at a time: the writer loop until _writeLoopDone completes, then the closing task.
    private readonly Channel<IOutgoingMessage> _queue = Channel.CreateUnbounded<IOutgoingMessage>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = false, AllowSynchronousContinuations = false });

    private readonly TaskCompletionSource _writeLoopDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _readLoopDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _roomLock = new();

    // Messages in _queue: senders increment it (never past the limit) before writing to the channel; the writer loop
    // decrements it for every message it takes. Senders that find it full wait on _roomAvailable.
    private int _queuedMessages;

    // Guarded by _roomLock for writes; read without the lock by the writer loop to skip the lock when nobody waits.
    private TaskCompletionSource? _roomAvailable;

    private int _state;
    private volatile bool _abortWrites;
    private Exception? _closeError;

    internal Connection(
        ConnectionContext context,
        PeerIdentity peer,
        bool isOutbound,
        EndPoint remoteEndPoint,
        TransportSettings settings,
        IMessageSink sink,
        TransportMetrics metrics,
        ILogger logger,
        TimeProvider timeProvider)
    {
        _context = context;
        _settings = settings;
        _sink = sink;
        _metrics = metrics;
        _logger = logger;
        _timeProvider = timeProvider;
        _frameWriter = new FrameWriter(context.Transport.Output, settings.MaxMessageSize, settings.MaxFrameSize);
        _frameReader = new FrameReader(settings.MaxMessageSize, settings.MaxFrameSize);
        Peer = peer;
        IsOutbound = isOutbound;
        RemoteEndPoint = remoteEndPoint;
        LocalEndPoint = context.LocalEndPoint;
    }

    /// <summary>The authenticated identity of the other end.</summary>
    public PeerIdentity Peer { get; }

    /// <summary>This endpoint's identity, as presented to the peer.</summary>
    public PeerIdentity LocalIdentity => _settings.LocalIdentity;

    /// <summary><c>true</c> when this endpoint opened the connection (through a <see cref="TransportConnector"/>).</summary>
    public bool IsOutbound { get; }

    /// <summary>The other end's address.</summary>
    public EndPoint RemoteEndPoint { get; }

    /// <summary>This end's address, when the socket reports one.</summary>
    public EndPoint? LocalEndPoint { get; }

    /// <summary><c>true</c> once the connection started closing; it never reopens.</summary>
    public bool IsClosed => Volatile.Read(ref _state) != StateOpen;

    /// <summary>Completes (never faults) once the connection is closed and <see cref="IMessageSink.OnConnectionClosed"/> has run.</summary>
    public Task Closed => _closed.Task;

    /// <summary>Messages waiting in the send queue.</summary>
    public int QueuedMessages => Volatile.Read(ref _queuedMessages);

    /// <summary>
    /// Queues <paramref name="message"/> and returns at once. Throws <see cref="ConnectionClosedException"/> if the
    /// connection is closed and <see cref="TransportBackpressureException"/> if the queue is full. A queued message that
    /// cannot be written later is reported to <see cref="IOutgoingMessage.OnSendFailed"/>.
    /// </summary>
    public void Send(IOutgoingMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (IsClosed)
        {
            throw CreateClosedException();
        }

        if (!TryReserveRoom())
        {
            throw new TransportBackpressureException(
                $"The send queue of the {this} is full ({_settings.MaxQueuedMessages} messages, TransportOptions.MaxQueuedMessages): the peer or the network is not keeping up. Use SendAsync to wait for room, or retry later.");
        }

        Enqueue(message);
    }

    /// <summary>
    /// Queues <paramref name="message"/>, first waiting for room if the queue is full. Completes synchronously when
    /// there is room. Fails with <see cref="ConnectionClosedException"/> if the connection is or becomes closed.
    /// </summary>
    public ValueTask SendAsync(IOutgoingMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (IsClosed)
        {
            return ValueTask.FromException(CreateClosedException());
        }

        if (!TryReserveRoom())
        {
            return SendWhenRoomAsync(message, cancellationToken);
        }

        try
        {
            Enqueue(message);
            return default;
        }
        catch (ConnectionClosedException ex)
        {
            return ValueTask.FromException(ex);
        }
    }

    /// <summary>
    /// Closes the connection in an orderly way: no new messages are accepted, messages already queued are written
    /// (for at most <see cref="TransportOptions.CloseTimeout"/>, then the rest are dropped), and the socket is shut
    /// down. Completes when <see cref="Closed"/> does. Safe to call more than once and from any thread.
    /// </summary>
    public ValueTask CloseAsync()
    {
        StartClose(null, drain: true);
        return new ValueTask(_closed.Task);
    }

    /// <summary>Same as <see cref="CloseAsync"/>.</summary>
    public ValueTask DisposeAsync() => CloseAsync();

    /// <inheritdoc />
    public override string ToString() => $"{(IsOutbound ? "outbound" : "inbound")} connection with {Peer} at {RemoteEndPoint}";

    /// <summary>Starts the read and write loops. Called once, right after the handshake.</summary>
    internal void Start()
    {
        _metrics.ConnectionOpened(IsOutbound);
        _ = Task.Run(WriteLoopAsync);
        _ = Task.Run(ReadLoopAsync);
    }

    private bool TryReserveRoom()
    {
        var current = Volatile.Read(ref _queuedMessages);
        while (current < _settings.MaxQueuedMessages)
        {
            var seen = Interlocked.CompareExchange(ref _queuedMessages, current + 1, current);
            if (seen == current)
            {
                return true;
            }

            current = seen;
        }

        return false;
    }

    private void Enqueue(IOutgoingMessage message)
    {
        // Fails only once the channel is completed by StartClose; a message written before that is seen by the
        // writer loop or by the closing task, so it is either sent or reported as failed.
        if (!_queue.Writer.TryWrite(message))
        {
            Interlocked.Decrement(ref _queuedMessages);
            throw CreateClosedException();
        }
    }

    private async ValueTask SendWhenRoomAsync(IOutgoingMessage message, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task roomAvailable;
            lock (_roomLock)
            {
                _roomAvailable ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                roomAvailable = _roomAvailable.Task;
            }

            // Checked after registering: the writer loop frees room before it looks for waiters, so either this
            // check sees the room or the writer loop sees the waiter.
            if (IsClosed)
            {
                throw CreateClosedException();
            }

            if (TryReserveRoom())
            {
                Enqueue(message);
                return;
            }

            await roomAvailable.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private void SignalRoom()
    {
        if (Volatile.Read(ref _roomAvailable) is null)
        {
            return;
        }

        TaskCompletionSource? waiters;
        lock (_roomLock)
        {
            waiters = _roomAvailable;
            _roomAvailable = null;
        }

        waiters?.TrySetResult();
    }

    private async Task WriteLoopAsync()
    {
        Exception? error = null;
        var reader = _queue.Reader;
        var output = _context.Transport.Output;
        try
        {
            while (!_abortWrites && await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (!_abortWrites && _frameWriter.UnflushedBytes < FlushThreshold && reader.TryRead(out var message))
                {
                    Interlocked.Decrement(ref _queuedMessages);
                    _frameWriter.BeginMessage();
                    try
                    {
                        message.WriteTo(_frameWriter);
                    }
                    catch (Exception ex)
                    {
                        _frameWriter.AbortMessage();
                        var reason = ex as MessageTooLargeException
                            ?? new TransportException($"Writing a message for the {this} failed, so it was dropped; the connection stays open.", ex);
                        TransportLog.MessageDropped(_logger, Peer, RemoteEndPoint, reason.Message, ex);
                        Fail(message, reason);
                        continue;
                    }

                    var committed = _frameWriter.CommitMessageAsync();
                    if (!(committed.IsCompletedSuccessfully ? committed.Result : await committed.ConfigureAwait(false)))
                    {
                        return;
                    }
                }

                SignalRoom();
                _frameWriter.EndFrame();
                var (frames, messages, bytes) = _frameWriter.TakeStatistics();
                if (bytes == 0)
                {
                    continue;
                }

                var flush = await output.FlushAsync().ConfigureAwait(false);
                _metrics.Sent(frames, messages, bytes);
                if (flush.IsCompleted || flush.IsCanceled)
                {
                    return;
                }
            }
        }
        catch (Exception ex)
        {
            error = ex;
        }
        finally
        {
            _writeLoopDone.TrySetResult();
            if (!IsClosed)
            {
                // The socket went away under the writer (or the writer failed): the connection cannot continue.
                StartClose(error ?? new ConnectionClosedException($"The {this} was lost while sending."), drain: false);
            }
        }
    }

    private async Task ReadLoopAsync()
    {
        Exception? error = null;
        var input = _context.Transport.Input;
        try
        {
            try
            {
                _sink.OnConnectionOpened(this);
            }
            catch (Exception ex)
            {
                TransportLog.SinkFailed(_logger, Peer, RemoteEndPoint, ex);
                error = new TransportException($"The message sink threw from OnConnectionOpened for the {this}, so the connection was closed.", ex);
                return;
            }

            while (true)
            {
                var result = await input.ReadAsync().ConfigureAwait(false);
                if (result.IsCanceled)
                {
                    // CloseCoreAsync asked the loop to stop; what is left unread is dropped with the connection.
                    input.AdvanceTo(result.Buffer.Start);
                    return;
                }

                var buffer = result.Buffer;
                var sinkError = Dispatch(ref buffer);
                input.AdvanceTo(buffer.Start, buffer.End);
                if (sinkError is not null)
                {
                    TransportLog.SinkFailed(_logger, Peer, RemoteEndPoint, sinkError);
                    error = new TransportException($"The message sink threw while handling a message from the {this}, so the connection was closed.", sinkError);
                    return;
                }

                if (result.IsCompleted)
                {
                    if (!buffer.IsEmpty || _frameReader.IsInsideFrame)
                    {
                        throw new TransportProtocolException($"The peer closed the connection in the middle of a frame ({buffer.Length} bytes of it unread).");
                    }

                    // The peer closed in an orderly way.
                    return;
                }
            }
        }
        catch (TransportProtocolException ex)
        {
            _metrics.ProtocolError();
            TransportLog.ProtocolViolation(_logger, Peer, RemoteEndPoint, ex.Message);
            error = ex;
        }
        catch (Exception ex)
        {
            error = ex;
        }
        finally
        {
            _readLoopDone.TrySetResult();
            StartClose(error, drain: false);
        }
    }

    /// <summary>Delivers every complete message in <paramref name="buffer"/>; returns what the sink threw, if it did.</summary>
    private Exception? Dispatch(ref ReadOnlySequence<byte> buffer)
    {
        var length = buffer.Length;
        var framesBefore = _frameReader.FramesRead;
        var messages = 0;
        try
        {
            while (_frameReader.TryReadMessage(ref buffer, out var message))
            {
                messages++;
                try
                {
                    _sink.OnMessage(this, message);
                }
                catch (Exception ex)
                {
                    return ex;
                }
            }

            return null;
        }
        finally
        {
            _metrics.Received(_frameReader.FramesRead - framesBefore, messages, length - buffer.Length);
        }
    }

    private void StartClose(Exception? error, bool drain)
    {
        if (Interlocked.CompareExchange(ref _state, StateClosing, StateOpen) != StateOpen)
        {
            return;
        }

        _closeError = error;
        _queue.Writer.TryComplete();
        SignalRoom();
        if (!drain)
        {
            StopWriting();
        }

        _ = Task.Run(() => CloseCoreAsync(drain));
    }

    private void StopWriting()
    {
        _abortWrites = true;

        // Unblocks a writer loop stuck in FlushAsync behind a peer that stopped reading.
        _context.Transport.Output.CancelPendingFlush();
    }

    private async Task CloseCoreAsync(bool drain)
    {
        try
        {
            if (drain && !await CompletesWithinAsync(_writeLoopDone.Task).ConfigureAwait(false))
            {
                StopWriting();
            }

            await _writeLoopDone.Task.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            TransportLog.CloseFailed(_logger, Peer, RemoteEndPoint, ex);
        }

        // The read loop runs until now, so replies that arrive while the queue drains are still delivered. It must
        // have stopped before OnConnectionClosed, which the sink is promised never overlaps OnMessage.
        _context.Transport.Input.CancelPendingRead();
        await _readLoopDone.Task.ConfigureAwait(false);

        try
        {
            while (_queue.Reader.TryRead(out var message))
            {
                Interlocked.Decrement(ref _queuedMessages);
                Fail(message, new ConnectionClosedException($"The {this} closed before the message was written.", _closeError));
            }

            // Disposing sends what is flushed, then shuts the socket down; a peer that stopped reading could hold
            // that up forever, so past the close timeout the socket is aborted instead.
            var dispose = _context.DisposeAsync().AsTask();
            if (!await CompletesWithinAsync(dispose).ConfigureAwait(false))
            {
                _context.Abort(new ConnectionAbortedException($"The {this} did not finish closing within {_settings.CloseTimeout}."));
                await dispose.ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            TransportLog.CloseFailed(_logger, Peer, RemoteEndPoint, ex);
        }

        Volatile.Write(ref _state, StateClosed);
        _metrics.ConnectionClosed(IsOutbound);
        if (_closeError is null)
        {
            TransportLog.ConnectionClosed(_logger, Peer, RemoteEndPoint);
        }
        else
        {
            TransportLog.ConnectionFailed(_logger, Peer, RemoteEndPoint, _closeError.Message, _closeError);
        }

        try
        {
            _sink.OnConnectionClosed(this, _closeError);
        }
        catch (Exception ex)
        {
            TransportLog.SinkFailed(_logger, Peer, RemoteEndPoint, ex);
        }

        _closed.TrySetResult();
    }

    private async Task<bool> CompletesWithinAsync(Task task)
    {
        try
        {
            await task.WaitAsync(_settings.CloseTimeout, _timeProvider).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private void Fail(IOutgoingMessage message, Exception error)
    {
        _metrics.Dropped();
        try
        {
            message.OnSendFailed(error);
        }
        catch (Exception ex)
        {
            TransportLog.SendFailureCallbackFailed(_logger, Peer, RemoteEndPoint, ex);
        }
    }

    private ConnectionClosedException CreateClosedException() => new(
        $"The {this} is closed{(_closeError is null ? string.Empty : $" ({_closeError.Message})")}. Get a new connection from the TransportConnector and send again.",
        _closeError);
}
