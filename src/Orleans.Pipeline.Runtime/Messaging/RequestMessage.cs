using System.Buffers;
using Orleans.Pipeline.Runtime.Invocation;
using Orleans.Pipeline.Runtime.Networking;
using Orleans.Pipeline.Runtime.Serialization;

namespace Orleans.Pipeline.Runtime.Messaging;

/// <summary>
/// A call on its way to another process. Wire form: kind, correlation id, target grain type and key, method id,
/// milliseconds left until the caller's deadline, flags, hop count, then the arguments.
/// </summary>
internal sealed class RequestMessage(PendingCall call, TimeProvider timeProvider) : IOutgoingMessage
{
    public PendingCall Call { get; } = call;

    public void WriteTo(IBufferWriter<byte> output)
    {
        var writer = new Writer(output);
        var request = Call.Request;
        var remaining = (request.DeadlineTimestamp - timeProvider.GetTimestamp()) * 1000 / timeProvider.TimestampFrequency;
        writer.WriteVarUInt32((uint)MessageKind.Request);
        writer.WriteVarUInt64((ulong)Call.CorrelationId);
        writer.WriteString(Call.Target.Type);
        writer.WriteString(Call.Target.Key);
        writer.WriteString(request.MethodId);
        writer.WriteVarUInt64((ulong)Math.Max(1, remaining));
        writer.WriteVarUInt32((uint)Call.Flags);
        writer.WriteVarUInt32((uint)Call.Hops);
        request.WriteArguments(ref writer);
    }

    public void OnSendFailed(Exception error) => Call.Owner.Fail(Call.CorrelationId, new SiloUnavailableException(
        $"{Call.Request.MethodName} on grain {Call.Target} could not be sent: {error.Message}", error));
}
