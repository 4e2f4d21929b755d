using System.Reflection;

namespace Orleans.Pipeline.Runtime.Hosting;

/// <summary>Settings of one silo. Bound from the <c>Silo</c> configuration section by the silo host.</summary>
public sealed class SiloOptions
{
    /// <summary>This silo's name in logs and on the dashboard. Default: the machine name.</summary>
    public string SiloName { get; set; } = Environment.MachineName;

    /// <summary>How long a caller waits for a grain call before it fails with <see cref="TimeoutException"/>. Default 30 s.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>An activation idle for this long is deactivated. Default 15 minutes.</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often idle activations and overdue calls are looked for. Default 1 s; never more than a tenth of <see cref="ResponseTimeout"/>.</summary>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long shutdown waits for all activations to run <c>OnDeactivateAsync</c>. Default 30 s.</summary>
    public TimeSpan DeactivationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Assemblies whose grain classes this silo hosts, besides those already loaded in the process.</summary>
    public IList<Assembly> GrainAssemblies { get; } = [];

    internal TimeSpan SweepPeriod =>
        TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond, Math.Min(CollectionQuantum.Ticks, ResponseTimeout.Ticks / 10)));
}
