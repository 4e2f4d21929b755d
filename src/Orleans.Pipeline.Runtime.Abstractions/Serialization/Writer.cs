using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace Orleans.Pipeline.Runtime.Serialization;

/// <summary>
/// Writes the binary wire format into an <see cref="IBufferWriter{T}"/>. Every write is committed to the output
/// as it is made (there is nothing to flush), so the output holds complete data whenever control returns to the
/// caller.
/// </summary>
/// <remarks>
/// Format: a field is a varint header <c>(fieldId &lt;&lt; 3) | wireType</c> followed by its payload (see
/// <see cref="WireType"/>). Objects are a <see cref="WireType.StartObject"/> field, their fields, and an end marker.
/// Nesting deeper than <see cref="MaxDepth"/> throws, so a cyclic object graph fails instead of overflowing the stack.
/// </remarks>
public ref struct Writer
{
    /// <summary>The deepest nesting of objects and collections the format accepts (writer and reader alike).</summary>
    public const int MaxDepth = 512;

    private const int MaxVarIntLength = 10;

    private readonly IBufferWriter<byte> _output;
    private long _bytesWritten;
    private int _depth;

    public Writer(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
    }

    public readonly IBufferWriter<byte> Output => _output;

    /// <summary>How many bytes this writer has committed to <see cref="Output"/>.</summary>
    public readonly long BytesWritten => _bytesWritten;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteFieldHeader(uint fieldId, WireType wireType)
    {
        if (fieldId < 16)
        {
            // One byte: id and wire type both fit below the varint continuation bit.
            WriteByte((byte)((fieldId << 3) | (uint)wireType));
        }
        else
        {
            WriteVarUInt64(((ulong)fieldId << 3) | (ulong)wireType);
        }
    }

    /// <summary>Writes a null field: a header with <see cref="WireType.Null"/> and no payload.</summary>
    public void WriteNull(uint fieldId) => WriteFieldHeader(fieldId, WireType.Null);

    /// <summary>Starts a nested object (or collection) in field <paramref name="fieldId"/>; close it with <see cref="WriteEndObject"/>.</summary>
    public void WriteStartObject(uint fieldId)
    {
        if (++_depth > MaxDepth)
        {
            ThrowTooDeep();
        }

        WriteFieldHeader(fieldId, WireType.StartObject);
    }

    /// <summary>Ends the innermost object started with <see cref="WriteStartObject"/>.</summary>
    public void WriteEndObject()
    {
        _depth--;
        WriteByte((byte)WireType.EndObject);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteByte(byte value)
    {
        var span = _output.GetSpan(1);
        span[0] = value;
        Commit(1);
    }

    public void WriteVarUInt64(ulong value)
    {
        var span = _output.GetSpan(MaxVarIntLength);
        var length = 0;
        while (value >= 0x80)
        {
            span[length++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[length++] = (byte)value;
        Commit(length);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteVarUInt32(uint value)
    {
        if (value < 0x80)
        {
            WriteByte((byte)value);
        }
        else
        {
            WriteVarUInt64(value);
        }
    }

    /// <summary>Writes a signed value zigzag-encoded, so small negative numbers stay short.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteVarInt64(long value) => WriteVarUInt64((ulong)((value << 1) ^ (value >> 63)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteVarInt32(int value) => WriteVarUInt32((uint)((value << 1) ^ (value >> 31)));

    public void WriteFixed32(uint value)
    {
        var span = _output.GetSpan(4);
        BinaryPrimitives.WriteUInt32LittleEndian(span, value);
        Commit(4);
    }

    public void WriteFixed64(ulong value)
    {
        var span = _output.GetSpan(8);
        BinaryPrimitives.WriteUInt64LittleEndian(span, value);
        Commit(8);
    }

    public void WriteFixed128(ulong low, ulong high)
    {
        var span = _output.GetSpan(16);
        BinaryPrimitives.WriteUInt64LittleEndian(span, low);
        BinaryPrimitives.WriteUInt64LittleEndian(span[8..], high);
        Commit(16);
    }

    /// <summary>Writes 16 raw bytes (the payload of a <see cref="WireType.Fixed128"/> field).</summary>
    public void WriteFixed128(scoped ReadOnlySpan<byte> value)
    {
        if (value.Length != 16)
        {
            throw new ArgumentException("A Fixed128 payload is exactly 16 bytes.", nameof(value));
        }

        WriteRaw(value);
    }

    public void WriteSingle(float value) => WriteFixed32(BitConverter.SingleToUInt32Bits(value));

    public void WriteDouble(double value) => WriteFixed64(BitConverter.DoubleToUInt64Bits(value));

    /// <summary>Writes a length-prefixed payload: a varint byte count, then the bytes.</summary>
    public void WriteLengthPrefixed(scoped ReadOnlySpan<byte> value)
    {
        WriteVarUInt32((uint)value.Length);
        WriteRaw(value);
    }

    /// <summary>Writes <paramref name="value"/> as a length-prefixed UTF-8 payload.</summary>
    public void WriteString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var byteCount = Encoding.UTF8.GetByteCount(value);
        WriteVarUInt32((uint)byteCount);
        if (byteCount == 0)
        {
            return;
        }

        var span = _output.GetSpan(byteCount);
        var written = Encoding.UTF8.GetBytes(value, span);
        Commit(written);
    }

    /// <summary>Copies <paramref name="value"/> to the output as is (no header, no length).</summary>
    public void WriteRaw(scoped ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
        {
            return;
        }

        var span = _output.GetSpan(value.Length);
        value.CopyTo(span);
        Commit(value.Length);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Commit(int count)
    {
        _output.Advance(count);
        _bytesWritten += count;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowTooDeep() =>
        throw new InvalidOperationException(
            $"The object graph nests deeper than {MaxDepth} levels; it probably contains a cycle, which the serializer does not support.");
}
