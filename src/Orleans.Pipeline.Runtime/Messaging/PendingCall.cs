using Orleans.Pipeline.Runtime.Invocation;
using Orleans.Pipeline.Runtime.Networking;

namespace Orleans.Pipeline.Runtime.Messaging;

/// <summary>A call sent to another process and not answered yet.</summary>
internal sealed class PendingCall(PendingCalls owner, long correlationId, GrainId target, Request request, RequestFlags flags, int hops)
{
    public PendingCalls Owner { get; } = owner;

    public long CorrelationId { get; } = correlationId;

    public GrainId Target { get; } = target;

    public Request Request { get; } = request;

    public RequestFlags Flags { get; } = flags;

    public int Hops { get; } = hops;

    /// <summary>The silo it was sent to, if any (a client's gateway calls have none): its death fails the call.</summary>
    public Membership.SiloAddress? Silo { get; set; }

    /// <summary>The connection it was sent on: its loss fails the call.</summary>
    public Connection? Connection { get; set; }
}
