using Orleans.Pipeline.Runtime.Invocation;

namespace Orleans.Pipeline.Runtime;

/// <summary>
/// The runtime side of a grain reference: delivers a request to the target grain. The outcome reaches the caller
/// through the request itself (<see cref="Request.Complete"/>), so sending never blocks and never throws for a
/// remote failure.
/// </summary>
public interface IGrainCallInvoker
{
    void Send(GrainReference target, Request request);

    /// <summary>The factory that made the reference; used to turn identities read from the wire back into references.</summary>
    IGrainFactory GrainFactory { get; }
}
