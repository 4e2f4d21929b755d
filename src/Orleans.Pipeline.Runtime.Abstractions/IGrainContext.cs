using Orleans.Pipeline.Runtime.Persistence;
using Orleans.Pipeline.Runtime.Timers;

namespace Orleans.Pipeline.Runtime;

/// <summary>The runtime's view of one activation, as grain code and generated activators see it.</summary>
public interface IGrainContext
{
    GrainId GrainId { get; }

    IGrainFactory GrainFactory { get; }

    IServiceProvider Services { get; }

    /// <summary>The state named <paramref name="stateName"/> in storage <paramref name="storageName"/> (null: the default storage).</summary>
    IPersistentState<TState> GetPersistentState<TState>(string stateName, string? storageName);

    /// <summary>A timer whose callback runs as a turn of this activation (never in parallel with a call).</summary>
    IGrainTimer RegisterTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period);

    /// <summary>Deactivates this activation once the current call ends.</summary>
    void DeactivateOnIdle();

    /// <summary>Keeps the activation from idle collection for at least <paramref name="timeSpan"/>.</summary>
    void DelayDeactivation(TimeSpan timeSpan);
}
