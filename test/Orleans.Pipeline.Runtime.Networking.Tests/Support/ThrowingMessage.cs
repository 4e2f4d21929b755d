using System.Buffers;

namespace Orleans.Pipeline.Runtime.Networking.Tests.Support;

/// <summary>A message whose serializer writes part of its bytes and then throws, like a buggy codec.</summary>
public sealed class ThrowingMessage(int bytesBeforeThrow) : IOutgoingMessage
{
    private readonly TaskCompletionSource<Exception> _failed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<Exception> Failed => _failed.Task;

    public void WriteTo(IBufferWriter<byte> output)
    {
        output.Write(Enumerable.Repeat((byte)0xEE, bytesBeforeThrow).ToArray());
        throw new InvalidOperationException("codec bug");
    }

    public void OnSendFailed(Exception error) => _failed.TrySetResult(error);
}
