using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;

namespace Orleans.Pipeline.Runtime.Networking;

/// <summary>
/// Batches outgoing messages into frames, straight into the connection's <see cref="PipeWriter"/>.
/// <para>
/// Wire format: a frame is <c>int32 length</c> (little-endian, bytes that follow) then messages, each
/// <c>int32 length</c> then its bytes. A frame of messages up to 32 KiB grows until it is near the batch size
/// (128 KiB); a larger message travels in a frame of its own.
/// </para>
/// <para>
/// A message is written into a block of pipe memory obtained with <c>GetMemory</c> but not yet advanced, with room
/// for its length prefix (and for the frame header when it opens a frame) in front. Only when it finishes is the
/// prefix filled in and the pipe advanced, so a message that throws or grows past the size limit is rolled back by
/// not advancing: nothing of it reaches the wire. A message that outgrows its block moves to a larger block (the
/// few bytes written so far are copied) until it reaches the inline limit, and beyond that to a
/// <see cref="SpillBuffer"/>, so only large messages pay a full copy.
/// </para>
/// <para>
/// Invariant: the header of the open frame sits in advanced but unflushed pipe memory and is patched by
/// <see cref="EndFrame"/>; the pipe keeps such memory in place until it is flushed, so the writer loop must call
/// <see cref="EndFrame"/> before every flush. Used by one writer loop at a time; not thread-safe.
/// </para>
/// </summary>
internal sealed class FrameWriter : IBufferWriter<byte>
{
    /// <summary>The smallest <see cref="TransportOptions.MaxFrameSize"/> that still lets frames batch.</summary>
    public const int MinFrameSize = 8 * 1024;

    private const int LengthPrefixSize = 4;

    // Ask for at least this much so a message does not start in the last few bytes of a segment and move at once.
    private const int MinBlockHint = 256;

    // A batch frame is closed near this size; frames only need to be large enough that headers are negligible.
    private const int BatchFrameTarget = 128 * 1024;

    // The largest block (prefixes included) a message is written into in place; larger messages spill. Copying what
    // was written while the block grows stays cheap below this size, and a frame always has room for one more block.
    private const int InlineLimit = 32 * 1024;

    // A spilled message is flushed in pieces this large, so the pipe never holds a second full copy of it.
    private const int SpillFlushChunk = 256 * 1024;

    private readonly PipeWriter _output;
    private readonly SpillBuffer _spill = new();
    private readonly int _maxMessageSize;
    private readonly int _batchFrameLimit;
    private readonly int _inlineLimit;

    private Memory<byte> _frameHeader;
    private bool _frameOpen;
    private int _frameLength;

    private Memory<byte> _block;
    private int _bodyOffset;
    private int _blockWritten;
    private bool _spilled;

    private int _framesWritten;
    private int _messagesWritten;

    public FrameWriter(PipeWriter output, int maxMessageSize, int maxFrameSize)
    {
        _output = output;
        _maxMessageSize = maxMessageSize;
        _batchFrameLimit = Math.Min(maxFrameSize, BatchFrameTarget);
        _inlineLimit = Math.Min(InlineLimit, _batchFrameLimit / 2);
    }

    /// <summary>Bytes committed to the pipe since the last <see cref="TakeStatistics"/>.</summary>
    public long UnflushedBytes { get; private set; }

    private int MessageLength => _spilled ? _spill.Length : _blockWritten;

    public void BeginMessage()
    {
        // An inline message adds at most _inlineLimit bytes to the frame, so closing the frame here keeps it
        // within the batch limit (and MaxFrameSize) whatever the message turns out to be.
        if (_frameOpen && _frameLength + _inlineLimit > _batchFrameLimit)
        {
            EndFrame();
        }

        // A message that opens a frame reserves the frame header too; it is only written if the message commits,
        // so a batch whose messages all fail leaves no empty frame behind.
        _bodyOffset = _frameOpen ? LengthPrefixSize : 2 * LengthPrefixSize;
        SetBlock(_output.GetMemory(MinBlockHint));
        _blockWritten = 0;
        _spilled = false;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sizeHint);
        if (!_spilled)
        {
            var free = _block.Length - _bodyOffset - _blockWritten;
            if (free >= Math.Max(sizeHint, 1))
            {
                return _block[(_bodyOffset + _blockWritten)..];
            }

            var used = _bodyOffset + _blockWritten;
            var needed = (long)used + Math.Max(sizeHint, 1);
            if (needed <= _inlineLimit)
            {
                MoveToLargerBlock(used, (int)Math.Max(needed, Math.Min(_inlineLimit, 2L * used)));
                return _block[used..];
            }

            _spill.Write(_block.Span.Slice(_bodyOffset, _blockWritten));
            _spilled = true;
        }

        if ((long)_spill.Length + sizeHint > _maxMessageSize)
        {
            throw TooLarge((long)_spill.Length + sizeHint);
        }

        return _spill.GetMemory(sizeHint);
    }

    public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (_spilled)
        {
            _spill.Advance(count);
        }
        else
        {
            if (count > _block.Length - _bodyOffset - _blockWritten)
            {
                throw new InvalidOperationException($"Advance({count}) goes past the memory returned by GetMemory.");
            }

            _blockWritten += count;
        }

        if (MessageLength > _maxMessageSize)
        {
            throw TooLarge(MessageLength);
        }
    }

    /// <summary>
    /// Puts the finished message on the wire side of the pipe. Completes synchronously unless the message spilled;
    /// returns <c>false</c> when the pipe's reader (the socket) is gone.
    /// </summary>
    public ValueTask<bool> CommitMessageAsync()
    {
        if (_spilled)
        {
            return CommitSpilledAsync();
        }

        var span = _block.Span;
        if (!_frameOpen)
        {
            _frameHeader = _block[..LengthPrefixSize];
            _frameOpen = true;
            _frameLength = 0;
        }

        BinaryPrimitives.WriteInt32LittleEndian(span[(_bodyOffset - LengthPrefixSize)..], _blockWritten);
        var total = _bodyOffset + _blockWritten;
        _output.Advance(total);
        _frameLength += LengthPrefixSize + _blockWritten;
        UnflushedBytes += total;
        _messagesWritten++;
        _block = default;
        return new ValueTask<bool>(true);
    }

    /// <summary>Forgets the message being written: the pipe was not advanced for it, so nothing reaches the wire.</summary>
    public void AbortMessage()
    {
        if (_spilled)
        {
            _spill.Reset();
            _spilled = false;
        }

        _block = default;
    }

    /// <summary>Closes the open frame by writing its length into its header. Must precede every flush.</summary>
    public void EndFrame()
    {
        if (!_frameOpen)
        {
            return;
        }

        BinaryPrimitives.WriteInt32LittleEndian(_frameHeader.Span, _frameLength);
        _frameHeader = default;
        _frameOpen = false;
        _framesWritten++;
    }

    /// <summary>Frames, messages and bytes written since the previous call; the counters restart from zero.</summary>
    public (int Frames, int Messages, long Bytes) TakeStatistics()
    {
        var result = (_framesWritten, _messagesWritten, UnflushedBytes);
        _framesWritten = 0;
        _messagesWritten = 0;
        UnflushedBytes = 0;
        return result;
    }

    private void SetBlock(Memory<byte> memory) => _block = memory.Length > _inlineLimit ? memory[.._inlineLimit] : memory;

    private void MoveToLargerBlock(int used, int size)
    {
        // The written bytes are saved first: when nothing was advanced into the pipe's current segment, GetMemory
        // returns that segment's memory to the pool and rents a larger one.
        var saved = ArrayPool<byte>.Shared.Rent(used);
        try
        {
            _block.Span[..used].CopyTo(saved);
            SetBlock(_output.GetMemory(size));
            saved.AsSpan(0, used).CopyTo(_block.Span);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(saved);
        }
    }

    private async ValueTask<bool> CommitSpilledAsync()
    {
        try
        {
            // Nothing of this message is in the pipe yet, so the batch frame before it can be closed and the message
            // given a frame whose length is known up front; that frame may then be flushed piece by piece.
            EndFrame();
            var length = _spill.Length;
            var header = _output.GetSpan(2 * LengthPrefixSize);
            BinaryPrimitives.WriteInt32LittleEndian(header, length + LengthPrefixSize);
            BinaryPrimitives.WriteInt32LittleEndian(header[LengthPrefixSize..], length);
            _output.Advance(2 * LengthPrefixSize);
            UnflushedBytes += 2 * LengthPrefixSize;
            _framesWritten++;
            _messagesWritten++;

            var sinceFlush = 0;
            for (var i = 0; i < _spill.SegmentCount; i++)
            {
                var remaining = _spill.GetSegment(i);
                while (!remaining.IsEmpty)
                {
                    var chunk = remaining[..Math.Min(remaining.Length, SpillFlushChunk - sinceFlush)];
                    _output.Write(chunk.Span);
                    UnflushedBytes += chunk.Length;
                    sinceFlush += chunk.Length;
                    remaining = remaining[chunk.Length..];
                    if (sinceFlush == SpillFlushChunk)
                    {
                        sinceFlush = 0;
                        var flush = await _output.FlushAsync().ConfigureAwait(false);
                        if (flush.IsCompleted || flush.IsCanceled)
                        {
                            return false;
                        }
                    }
                }
            }

            return true;
        }
        finally
        {
            _spill.Reset();
            _spilled = false;
            _block = default;
        }
    }

    private MessageTooLargeException TooLarge(long size) => new(
        $"The message needs at least {size} bytes, more than TransportOptions.MaxMessageSize ({_maxMessageSize} bytes). It was dropped and the connection stays open; split the payload or raise MaxMessageSize on every endpoint.");
}
