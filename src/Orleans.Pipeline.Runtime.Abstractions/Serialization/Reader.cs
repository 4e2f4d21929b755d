using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text;

namespace Orleans.Pipeline.Runtime.Serialization;

/// <summary>
/// Reads the binary wire format written by <see cref="Writer"/> from a span. Malformed or truncated input throws
/// <see cref="WireFormatException"/>; it never reads past the span.
/// </summary>
public ref struct Reader
{
    private readonly ReadOnlySpan<byte> _input;
    private int _position;
    private int _depth;

    public Reader(ReadOnlySpan<byte> input)
        : this(input, null)
    {
    }

    /// <param name="input">The bytes to read.</param>
    /// <param name="grainFactory">Turns grain identities read from the input back into references; null when the input holds none.</param>
    public Reader(ReadOnlySpan<byte> input, IGrainFactory? grainFactory)
    {
        _input = input;
        GrainFactory = grainFactory;
    }

    public readonly ReadOnlySpan<byte> Input => _input;

    /// <summary>Makes grain references for grain interface values read from the input. Null: reading one throws.</summary>
    public IGrainFactory? GrainFactory { get; set; }

    /// <summary>Offset of the next byte to read.</summary>
    public readonly int Position => _position;

    public readonly int Remaining => _input.Length - _position;

    public readonly bool IsAtEnd => _position >= _input.Length;

    /// <summary>Reads a field header.</summary>
    public void ReadFieldHeader(out uint fieldId, out WireType wireType)
    {
        var position = _position;
        if ((uint)position < (uint)_input.Length && _input[position] < 0x80)
        {
            var header = _input[position];
            _position = position + 1;
            fieldId = (uint)(header >> 3);
            wireType = (WireType)(header & 7);
            return;
        }

        var tag = ReadVarUInt64();
        if ((tag >> 3) > uint.MaxValue)
        {
            ThrowMalformed("a field id is larger than 32 bits");
        }

        fieldId = (uint)(tag >> 3);
        wireType = (WireType)(tag & 7);
    }

    /// <summary>
    /// Checks that a value about to be read is an object (<see cref="WireType.StartObject"/>) and enters it;
    /// read its fields with <see cref="ReadNextField"/>.
    /// </summary>
    public void EnterObject(WireType wireType, Type type)
    {
        if (wireType != WireType.StartObject)
        {
            ThrowUnexpectedWireType(wireType, WireType.StartObject, type);
        }

        if (++_depth > Writer.MaxDepth)
        {
            ThrowMalformed($"objects nest deeper than {Writer.MaxDepth} levels");
        }
    }

    /// <summary>Reads a field header that must start an object, and enters the object.</summary>
    public void ReadStartObject(Type type)
    {
        ReadFieldHeader(out _, out var wireType);
        EnterObject(wireType, type);
    }

    /// <summary>
    /// Reads the next field header of the current object. Returns false, having left the object, at its end marker.
    /// </summary>
    public bool ReadNextField(out uint fieldId, out WireType wireType)
    {
        ReadFieldHeader(out fieldId, out wireType);
        if (wireType != WireType.EndObject)
        {
            return true;
        }

        _depth--;
        return false;
    }

    /// <summary>Skips the payload of a field (used for field ids this version does not know).</summary>
    public void SkipValue(WireType wireType)
    {
        switch (wireType)
        {
            case WireType.VarInt:
                _ = ReadVarUInt64();
                break;
            case WireType.Fixed32:
                Advance(4);
                break;
            case WireType.Fixed64:
                Advance(8);
                break;
            case WireType.Fixed128:
                Advance(16);
                break;
            case WireType.LengthPrefixed:
                Advance(ReadLength());
                break;
            case WireType.StartObject:
                EnterObject(wireType, typeof(object));
                while (ReadNextField(out _, out var inner))
                {
                    SkipValue(inner);
                }

                break;
            case WireType.Null:
                break;
            default:
                ThrowMalformed($"unexpected wire type {wireType}");
                break;
        }
    }

    public byte ReadByte()
    {
        var position = _position;
        if ((uint)position >= (uint)_input.Length)
        {
            ThrowEndOfData();
        }

        _position = position + 1;
        return _input[position];
    }

    public ulong ReadVarUInt64()
    {
        var input = _input;
        var position = _position;
        ulong result = 0;
        var shift = 0;
        while (true)
        {
            if ((uint)position >= (uint)input.Length)
            {
                ThrowEndOfData();
            }

            var b = input[position++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                break;
            }

            shift += 7;
            if (shift > 63)
            {
                ThrowMalformed("a varint is longer than 10 bytes");
            }
        }

        _position = position;
        return result;
    }

    public uint ReadVarUInt32()
    {
        var value = ReadVarUInt64();
        if (value > uint.MaxValue)
        {
            ThrowOutOfRange(value, "UInt32");
        }

        return (uint)value;
    }

    /// <summary>Reads a zigzag-encoded signed varint.</summary>
    public long ReadVarInt64()
    {
        var value = ReadVarUInt64();
        return (long)(value >> 1) ^ -(long)(value & 1);
    }

    public int ReadVarInt32()
    {
        var value = ReadVarInt64();
        if (value is < int.MinValue or > int.MaxValue)
        {
            ThrowOutOfRange(value, "Int32");
        }

        return (int)value;
    }

    public uint ReadFixed32()
    {
        var value = BinaryPrimitives.ReadUInt32LittleEndian(ReadSpan(4));
        return value;
    }

    public ulong ReadFixed64() => BinaryPrimitives.ReadUInt64LittleEndian(ReadSpan(8));

    /// <summary>Reads the 16 bytes of a <see cref="WireType.Fixed128"/> payload.</summary>
    public ReadOnlySpan<byte> ReadFixed128() => ReadSpan(16);

    public float ReadSingle() => BitConverter.UInt32BitsToSingle(ReadFixed32());

    public double ReadDouble() => BitConverter.UInt64BitsToDouble(ReadFixed64());

    /// <summary>Reads a length-prefixed payload; the span points into the input.</summary>
    public ReadOnlySpan<byte> ReadLengthPrefixed() => ReadSpan(ReadLength());

    /// <summary>Reads a length-prefixed UTF-8 string.</summary>
    public string ReadString()
    {
        var bytes = ReadLengthPrefixed();
        return bytes.IsEmpty ? string.Empty : Encoding.UTF8.GetString(bytes);
    }

    /// <summary>Reads <paramref name="count"/> raw bytes; the span points into the input.</summary>
    public ReadOnlySpan<byte> ReadSpan(int count)
    {
        var position = _position;
        if ((uint)count > (uint)(_input.Length - position))
        {
            ThrowEndOfData();
        }

        _position = position + count;
        return _input.Slice(position, count);
    }

    /// <summary>Reads a collection's element count, bounded by the bytes left (each element takes at least one).</summary>
    public int ReadCount()
    {
        var count = ReadVarUInt64();
        if (count > (ulong)Remaining)
        {
            ThrowMalformed($"a collection claims {count} elements but only {Remaining} bytes remain");
        }

        return (int)count;
    }

    private int ReadLength()
    {
        var length = ReadVarUInt64();
        if (length > (ulong)Remaining)
        {
            ThrowEndOfData();
        }

        return (int)length;
    }

    private void Advance(int count) => _ = ReadSpan(count);

    /// <summary>Throws the exception for a field whose wire type does not fit the type being read.</summary>
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowUnexpectedWireType(WireType actual, WireType expected, Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        throw new WireFormatException(
            $"Cannot read a {type.FullName} from a {actual} field; a {type.Name} is written as {expected}. The data was written for another type.");
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly void ThrowEndOfData() =>
        throw new WireFormatException($"The data ends unexpectedly at byte {_position} of {_input.Length}; it is truncated or corrupt.");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly void ThrowMalformed(string what) =>
        throw new WireFormatException($"Malformed data at byte {_position}: {what}.");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowOutOfRange<TValue>(TValue value, string type) =>
        throw new WireFormatException($"The value {value} does not fit in a {type}; the data was written for a wider type.");
}
