namespace Orleans.Pipeline.Runtime;

/// <summary>Why an activation is being deactivated.</summary>
public enum DeactivationReason
{
    /// <summary>The grain asked for it (<see cref="Grain.DeactivateOnIdle"/>).</summary>
    ApplicationRequested,

    /// <summary>The activation was idle for longer than the collection age.</summary>
    IdleCollection,

    /// <summary>The silo is shutting down.</summary>
    ShuttingDown,

    /// <summary>Activation failed: <c>OnActivateAsync</c> threw.</summary>
    ActivationFailed,
}
