using Orleans.Pipeline.Runtime.Invocation;

namespace Orleans.Pipeline.Runtime;

/// <summary>
/// Base class of the generated proxies. A reference is its <see cref="GrainId"/>: two references to the same grain
/// are equal, and a reference can be passed as an argument or stored in state.
/// </summary>
public abstract class GrainReference : IAddressable, IEquatable<GrainReference>
{
    protected GrainReference(GrainId grainId, IGrainCallInvoker invoker)
    {
        GrainId = grainId;
        Invoker = invoker ?? throw new ArgumentNullException(nameof(invoker));
    }

    public GrainId GrainId { get; }

    /// <summary>The interface this reference was made for (the proxy's grain interface).</summary>
    public abstract Type InterfaceType { get; }

    protected IGrainCallInvoker Invoker { get; }

    /// <summary>Sends <paramref name="request"/> and returns the task the outcome completes.</summary>
    protected Task<TResult> InvokeAsync<TResult>(Request<TResult> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var task = request.ResultTask;
        Invoker.Send(this, request);
        return task;
    }

    public bool Equals(GrainReference? other) => other is not null && GrainId.Equals(other.GrainId);

    public override bool Equals(object? obj) => obj is GrainReference other && Equals(other);

    public override int GetHashCode() => GrainId.GetHashCode();

    public override string ToString() => $"{InterfaceType.Name}:{GrainId}";
}
