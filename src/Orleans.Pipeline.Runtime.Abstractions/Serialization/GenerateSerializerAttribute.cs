namespace Orleans.Pipeline.Runtime;

/// <summary>
/// On a class, record or struct that crosses the wire or is persisted: the source generator emits its serializer.
/// Members marked <see cref="IdAttribute"/> are serialized under their id, so adding a member with a new id keeps
/// old data readable, and removing one leaves old data readable too.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Enum, Inherited = false)]
public sealed class GenerateSerializerAttribute : Attribute;
