using Orleans.Pipeline.Jobs;
using Orleans.Pipeline.Runtime;

namespace Orleans.Pipeline.Grains.State;

[GenerateSerializer]
public sealed class RegistryState
{
    [Id(0)]
    public List<JobSummary> Jobs { get; set; } = [];
}
