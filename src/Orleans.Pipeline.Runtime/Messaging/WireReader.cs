using System.Buffers;

namespace Orleans.Pipeline.Runtime.Messaging;

/// <summary>Gives a message's bytes as one span: the sequence itself when it is one segment, else a pooled copy.</summary>
internal readonly ref struct WireReader : IDisposable
{
    private readonly byte[]? _rented;

    public WireReader(ReadOnlySequence<byte> message)
    {
        if (message.IsSingleSegment)
        {
            Span = message.FirstSpan;
            _rented = null;
        }
        else
        {
            _rented = ArrayPool<byte>.Shared.Rent((int)message.Length);
            message.CopyTo(_rented);
            Span = _rented.AsSpan(0, (int)message.Length);
        }
    }

    public ReadOnlySpan<byte> Span { get; }

    public void Dispose()
    {
        if (_rented is not null)
        {
            ArrayPool<byte>.Shared.Return(_rented);
        }
    }
}
