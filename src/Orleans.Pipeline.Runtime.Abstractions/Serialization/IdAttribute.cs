namespace Orleans.Pipeline.Runtime;

/// <summary>The stable field id of a serialized member. Never reuse an id for a member of another meaning.</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class IdAttribute(uint id) : Attribute
{
    public uint Id { get; } = id;
}
