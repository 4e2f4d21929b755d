namespace Orleans.Pipeline.Runtime.Tests.Grains;

public sealed class TurnGrain : TurnGrainBase;
