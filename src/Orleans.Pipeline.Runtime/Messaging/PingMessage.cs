using System.Buffers;
using Orleans.Pipeline.Runtime.Networking;
using Orleans.Pipeline.Runtime.Serialization;

namespace Orleans.Pipeline.Runtime.Messaging;

/// <summary>A liveness probe or its answer; both carry the sender's activation count, which placement uses as load.</summary>
internal sealed class PingMessage(MessageKind kind, long id, int activationCount) : IOutgoingMessage
{
    public void WriteTo(IBufferWriter<byte> output)
    {
        var writer = new Writer(output);
        writer.WriteVarUInt32((uint)kind);
        writer.WriteVarUInt64((ulong)id);
        writer.WriteVarUInt32((uint)activationCount);
    }

    public void OnSendFailed(Exception error)
    {
        // A lost probe is a failed probe: the prober's timeout reports it.
    }
}
