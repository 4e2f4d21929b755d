using Orleans.Pipeline.Runtime.Persistence;
using Orleans.Pipeline.Runtime.Timers;

namespace Orleans.Pipeline.Runtime.CodeGen.Tests.Support;

/// <summary>An activation as generated activators see it: identity, services, and states it hands out (and remembers).</summary>
internal sealed class FakeGrainContext(GrainId grainId, IGrainFactory grainFactory, IServiceProvider services) : IGrainContext
{
    public GrainId GrainId { get; } = grainId;

    public IGrainFactory GrainFactory { get; } = grainFactory;

    public IServiceProvider Services { get; } = services;

    public List<object> States { get; } = [];

    public IPersistentState<TState> GetPersistentState<TState>(string stateName, string? storageName)
    {
        var state = new FakePersistentState<TState>(stateName, storageName, Activator.CreateInstance<TState>());
        States.Add(state);
        return state;
    }

    public IGrainTimer RegisterTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period) =>
        throw new NotSupportedException("Timers are not part of these tests.");

    public void DeactivateOnIdle()
    {
    }

    public void DelayDeactivation(TimeSpan timeSpan)
    {
    }
}
