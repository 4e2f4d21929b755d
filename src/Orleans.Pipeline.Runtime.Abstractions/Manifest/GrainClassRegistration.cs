namespace Orleans.Pipeline.Runtime.Manifest;

/// <summary>
/// What the generator knows of one grain class: its grain type name, how to construct it (constructor parameters
/// resolved from the activation's services, <c>[PersistentState]</c> parameters from the activation), whether it is
/// reentrant, and the grain interfaces it implements.
/// </summary>
public sealed record GrainClassRegistration(
    Type ClassType,
    string GrainType,
    Func<IGrainContext, object> Create,
    bool IsReentrant,
    IReadOnlyList<Type> Interfaces);
