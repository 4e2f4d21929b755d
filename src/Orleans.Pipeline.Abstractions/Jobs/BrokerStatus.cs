using Orleans.Pipeline.Runtime;
namespace Orleans.Pipeline.Jobs;

/// <summary>
/// A broker's executor slots and work right now, and whether its silo runs external programs
/// (<c>TaskOptions.AllowExternalPrograms</c>, silo-host <c>--allow-programs</c>; default false).
/// </summary>
[GenerateSerializer]
public sealed record BrokerStatus(
    [property: Id(0)] string Node,
    [property: Id(1)] int Slots,
    [property: Id(2)] int Running,
    [property: Id(3)] int Queued,
    [property: Id(4)] bool AllowsPrograms = false);
