namespace Orleans.Pipeline.Runtime.Activation;

/// <summary>The life of an activation. Only <see cref="Valid"/> activations start calls.</summary>
internal enum ActivationState
{
    /// <summary>Created in the catalog; the grain instance is being constructed, its state read and <c>OnActivateAsync</c> run.</summary>
    Activating,

    /// <summary>Serving calls.</summary>
    Valid,

    /// <summary>Waiting for running calls to end, then running <c>OnDeactivateAsync</c>. Calls that arrive now go to the next activation.</summary>
    Deactivating,

    /// <summary>Gone from the catalog; accepts nothing.</summary>
    Invalid,
}
