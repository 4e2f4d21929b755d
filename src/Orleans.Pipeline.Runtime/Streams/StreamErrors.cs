using System.Buffers;
using Orleans.Pipeline.Runtime.Messaging;
using Orleans.Pipeline.Runtime.Serialization;

namespace Orleans.Pipeline.Runtime.Streams;

/// <summary>
/// An error a producer reports travels as an entry of its own: the exception's type name, message and stack trace,
/// rebuilt on the consumer's side as that type where it exists (as calls' exceptions are).
/// </summary>
internal static class StreamErrors
{
    public static byte[] Serialize(Exception error)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        var writer = new Writer(buffer);
        ExceptionSerializer.Write(ref writer, error);
        return buffer.WrittenSpan.ToArray();
    }

    public static Exception Deserialize(byte[] payload)
    {
        var reader = new Reader(payload);
        return ExceptionSerializer.Read(ref reader);
    }
}
