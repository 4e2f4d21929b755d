namespace Orleans.Pipeline.Runtime.Activation;

/// <summary>
/// Installed while an activation runs a turn, so that every <c>await</c> in grain code resumes as another turn of
/// the same activation. This is what makes reentrant grains interleave without ever running in parallel.
/// </summary>
internal sealed class ActivationSynchronizationContext(ActivationData activation) : SynchronizationContext
{
    public ActivationData Activation { get; } = activation;

    public override void Post(SendOrPostCallback d, object? state) => Activation.Post(d, state);

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("Synchronous waits on a grain's context would deadlock its activation; await instead.");

    public override SynchronizationContext CreateCopy() => this;
}
