using System.Buffers;

namespace Orleans.Pipeline.Runtime.Networking.Tests.Support;

/// <summary>
/// A message that writes its payload in pieces of <paramref name="chunkSize"/> bytes, asking GetSpan for exactly
/// that much each time, as a streaming serializer does.
/// </summary>
public sealed class ChunkedMessage(byte[] payload, int chunkSize) : IOutgoingMessage
{
    public byte[] Payload { get; } = payload;

    public void WriteTo(IBufferWriter<byte> output)
    {
        for (var offset = 0; offset < Payload.Length; offset += chunkSize)
        {
            var chunk = Payload.AsSpan(offset, Math.Min(chunkSize, Payload.Length - offset));
            chunk.CopyTo(output.GetSpan(chunk.Length));
            output.Advance(chunk.Length);
        }
    }

    public void OnSendFailed(Exception error) => throw new InvalidOperationException("The transport dropped a message that was within limits.", error);
}
