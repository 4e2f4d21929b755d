using System.Buffers;

namespace Orleans.Pipeline.Runtime.Networking.Tests.Support;

/// <summary>An outgoing message with fixed bytes; records whether the transport reported it dropped.</summary>
public sealed class TestMessage(byte[] payload) : IOutgoingMessage
{
    private readonly TaskCompletionSource<Exception> _failed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public byte[] Payload { get; } = payload;

    /// <summary>Completes with the error if the transport drops the message.</summary>
    public Task<Exception> Failed => _failed.Task;

    public static TestMessage FromText(string text) => new(System.Text.Encoding.UTF8.GetBytes(text));

    public void WriteTo(IBufferWriter<byte> output) => output.Write(Payload);

    public void OnSendFailed(Exception error) => _failed.TrySetResult(error);
}
