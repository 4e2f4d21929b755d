using System.Buffers;
using System.Buffers.Binary;

namespace Orleans.Pipeline.Runtime.Networking;

/// <summary>
/// Splits the incoming byte stream into messages (the format is described on <see cref="FrameWriter"/>). Messages
/// are handed out as they complete, without waiting for the rest of their frame, so the receive buffer needs room
/// for one message rather than one frame. Every length is checked before it is trusted. One per connection, used by
/// its read loop only.
/// </summary>
internal sealed class FrameReader
{
    private const int LengthPrefixSize = 4;

    private readonly int _maxFrameSize;
    private readonly int _maxMessageSize;
    private int _frameRemaining;

    public FrameReader(int maxMessageSize, int maxFrameSize)
    {
        _maxMessageSize = maxMessageSize;
        _maxFrameSize = maxFrameSize;
    }

    /// <summary>Frame headers read so far.</summary>
    public long FramesRead { get; private set; }

    /// <summary><c>true</c> while the bytes consumed so far end inside a frame.</summary>
    public bool IsInsideFrame => _frameRemaining > 0;

    /// <summary>
    /// Takes the next complete message off the front of <paramref name="buffer"/>, or returns <c>false</c> when more
    /// bytes are needed. Throws <see cref="TransportProtocolException"/> for bytes that cannot be valid framing.
    /// </summary>
    public bool TryReadMessage(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> message)
    {
        message = default;
        while (_frameRemaining == 0)
        {
            if (!TryPeekInt32(buffer, out var frameLength))
            {
                return false;
            }

            if (frameLength < 0 || frameLength > _maxFrameSize)
            {
                throw new TransportProtocolException($"Received a frame length of {frameLength} bytes; valid lengths are 0 to {_maxFrameSize} (TransportOptions.MaxFrameSize).");
            }

            buffer = buffer.Slice(LengthPrefixSize);
            _frameRemaining = frameLength;
            FramesRead++;
        }

        if (_frameRemaining < LengthPrefixSize)
        {
            throw new TransportProtocolException($"A frame ends {_frameRemaining} bytes after its last message, too few for another message's length prefix.");
        }

        if (!TryPeekInt32(buffer, out var length))
        {
            return false;
        }

        if (length < 0 || length > _maxMessageSize)
        {
            throw new TransportProtocolException($"Received a message length of {length} bytes; valid lengths are 0 to {_maxMessageSize} (TransportOptions.MaxMessageSize).");
        }

        if (length > _frameRemaining - LengthPrefixSize)
        {
            throw new TransportProtocolException($"A message of {length} bytes runs past the end of its frame, which has {_frameRemaining - LengthPrefixSize} bytes left.");
        }

        if (buffer.Length < LengthPrefixSize + length)
        {
            return false;
        }

        message = buffer.Slice(LengthPrefixSize, length);
        buffer = buffer.Slice(LengthPrefixSize + length);
        _frameRemaining -= LengthPrefixSize + length;
        return true;
    }

    private static bool TryPeekInt32(ReadOnlySequence<byte> buffer, out int value)
    {
        var first = buffer.FirstSpan;
        if (first.Length >= LengthPrefixSize)
        {
            value = BinaryPrimitives.ReadInt32LittleEndian(first);
            return true;
        }

        if (buffer.Length < LengthPrefixSize)
        {
            value = 0;
            return false;
        }

        Span<byte> bytes = stackalloc byte[LengthPrefixSize];
        buffer.Slice(0, LengthPrefixSize).CopyTo(bytes);
        value = BinaryPrimitives.ReadInt32LittleEndian(bytes);
        return true;
    }
}
