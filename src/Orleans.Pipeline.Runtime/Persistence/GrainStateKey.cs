namespace Orleans.Pipeline.Runtime.Persistence;

/// <summary>The key of one stored state row: unique in every backend (a real unique constraint, not a hash).</summary>
public readonly record struct GrainStateKey(string GrainType, string GrainKey, string StateName)
{
    public override string ToString() => $"{GrainType}/{GrainKey}#{StateName}";
}
