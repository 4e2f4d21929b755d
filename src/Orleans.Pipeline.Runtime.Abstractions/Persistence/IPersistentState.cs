namespace Orleans.Pipeline.Runtime.Persistence;

/// <summary>
/// A grain's persistent state, injected into its constructor by a parameter marked
/// <see cref="PersistentStateAttribute"/>. It is read before <c>OnActivateAsync</c>; writes are explicit.
/// </summary>
public interface IPersistentState<TState>
{
    /// <summary>The state; a new instance (or default) until something was written.</summary>
    TState State { get; set; }

    /// <summary>The version of the stored row this instance last read or wrote; null when there is none.</summary>
    string? Etag { get; }

    bool RecordExists { get; }

    Task ReadStateAsync();

    /// <summary>Writes <see cref="State"/>. Throws <see cref="InconsistentStateException"/> when the stored version is not <see cref="Etag"/>.</summary>
    Task WriteStateAsync();

    /// <summary>Deletes the stored state and resets <see cref="State"/>. Same ETag check as <see cref="WriteStateAsync"/>.</summary>
    Task ClearStateAsync();
}
