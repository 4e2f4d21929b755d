namespace Orleans.Pipeline.Runtime.Tests.Grains;

/// <summary>The reentrant twin of <see cref="TurnGrain"/>; both implement <see cref="ITurnGrain"/>, so tests address them by grain type.</summary>
[Reentrant]
public sealed class ReentrantTurnGrain : TurnGrainBase;
