using System.Runtime.CompilerServices;

namespace Orleans.Pipeline.Runtime.Serialization.Codecs;

/// <summary>An enum as its underlying value: zigzag varint for signed underlying types, plain varint for unsigned.</summary>
internal sealed class EnumCodec<TEnum> : IFieldCodec<TEnum>
    where TEnum : struct, Enum
{
    private static readonly bool s_unsigned = Type.GetTypeCode(Enum.GetUnderlyingType(typeof(TEnum))) is
        TypeCode.Byte or TypeCode.UInt16 or TypeCode.UInt32 or TypeCode.UInt64 or TypeCode.Char;

    public void WriteField(ref Writer writer, uint fieldId, TEnum value)
    {
        writer.WriteFieldHeader(fieldId, WireType.VarInt);
        if (s_unsigned)
        {
            writer.WriteVarUInt64(ToUInt64(value));
        }
        else
        {
            writer.WriteVarInt64(ToInt64(value));
        }
    }

    public TEnum ReadValue(ref Reader reader, WireType wireType)
    {
        if (wireType != WireType.VarInt)
        {
            Reader.ThrowUnexpectedWireType(wireType, WireType.VarInt, typeof(TEnum));
        }

        return s_unsigned ? FromUInt64(reader.ReadVarUInt64()) : FromInt64(reader.ReadVarInt64());
    }

    private static long ToInt64(TEnum value) => Unsafe.SizeOf<TEnum>() switch
    {
        1 => Unsafe.As<TEnum, sbyte>(ref value),
        2 => Unsafe.As<TEnum, short>(ref value),
        4 => Unsafe.As<TEnum, int>(ref value),
        _ => Unsafe.As<TEnum, long>(ref value),
    };

    private static ulong ToUInt64(TEnum value) => Unsafe.SizeOf<TEnum>() switch
    {
        1 => Unsafe.As<TEnum, byte>(ref value),
        2 => Unsafe.As<TEnum, ushort>(ref value),
        4 => Unsafe.As<TEnum, uint>(ref value),
        _ => Unsafe.As<TEnum, ulong>(ref value),
    };

    // Truncation to the underlying width is deliberate: it matches what a cast from the underlying type does.
    private static TEnum FromInt64(long value)
    {
        switch (Unsafe.SizeOf<TEnum>())
        {
            case 1:
                var b = (sbyte)value;
                return Unsafe.As<sbyte, TEnum>(ref b);
            case 2:
                var s = (short)value;
                return Unsafe.As<short, TEnum>(ref s);
            case 4:
                var i = (int)value;
                return Unsafe.As<int, TEnum>(ref i);
            default:
                return Unsafe.As<long, TEnum>(ref value);
        }
    }

    private static TEnum FromUInt64(ulong value)
    {
        switch (Unsafe.SizeOf<TEnum>())
        {
            case 1:
                var b = (byte)value;
                return Unsafe.As<byte, TEnum>(ref b);
            case 2:
                var s = (ushort)value;
                return Unsafe.As<ushort, TEnum>(ref s);
            case 4:
                var i = (uint)value;
                return Unsafe.As<uint, TEnum>(ref i);
            default:
                return Unsafe.As<ulong, TEnum>(ref value);
        }
    }
}
