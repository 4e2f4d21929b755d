using Orleans.Pipeline.Runtime.Invocation;

namespace Orleans.Pipeline.Runtime.Manifest;

/// <summary>What the generator knows of one grain interface: how to make its proxy and an empty request per method.</summary>
public sealed record GrainInterfaceRegistration(
    Type InterfaceType,
    Func<GrainId, IGrainCallInvoker, GrainReference> CreateProxy,
    IReadOnlyDictionary<string, Func<Request>> Methods);
