using System.Buffers;

namespace Orleans.Pipeline.Runtime.Serialization;

/// <summary>
/// Serializes values in the binary wire format (see <see cref="Writer"/>). Supported: primitives, string, Guid,
/// DateTime, DateTimeOffset, TimeSpan, decimal, byte arrays and memory, enums, nullables, arrays, lists, sets,
/// dictionaries (and their interfaces), key-value pairs, value tuples of up to four items, grain references and
/// types marked <see cref="GenerateSerializerAttribute"/>.
/// </summary>
public static class Serializer
{
    // Buffers above this size are dropped after use rather than kept per thread.
    private const int MaxRetainedBufferSize = 64 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    /// <summary>Serializes <paramref name="value"/> into a new array.</summary>
    public static byte[] Serialize<T>(T value)
    {
        // Taken from the thread for the duration of the call, so a codec that serializes recursively gets its own.
        var buffer = t_buffer ?? new ArrayBufferWriter<byte>(256);
        t_buffer = null;
        try
        {
            var writer = new Writer(buffer);
            Codec<T>.Write(ref writer, value);
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            if (buffer.Capacity <= MaxRetainedBufferSize)
            {
                buffer.ResetWrittenCount();
                t_buffer = buffer;
            }
        }
    }

    /// <summary>Serializes <paramref name="value"/> into <paramref name="output"/>.</summary>
    public static void Serialize<T>(T value, IBufferWriter<byte> output)
    {
        var writer = new Writer(output);
        Codec<T>.Write(ref writer, value);
    }

    /// <summary>Reads a value written by <see cref="Serialize{T}(T)"/>.</summary>
    /// <param name="data">The serialized bytes.</param>
    /// <param name="grainFactory">Makes references for grain interface values in the data; needed only if it holds any.</param>
    public static T Deserialize<T>(ReadOnlySpan<byte> data, IGrainFactory? grainFactory = null)
    {
        var reader = new Reader(data, grainFactory);
        return Codec<T>.Read(ref reader);
    }
}
