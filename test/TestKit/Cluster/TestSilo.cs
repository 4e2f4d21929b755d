using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Pipeline.Runtime;
using Orleans.Pipeline.Runtime.Hosting;
using Orleans.Pipeline.Runtime.Membership;

namespace Orleans.Pipeline.TestKit.Cluster;

/// <summary>One silo of a <see cref="TestCluster"/>: its own host, services and storage view, in this process.</summary>
public sealed class TestSilo
{
    internal TestSilo(string name, IHost host)
    {
        Name = name;
        Host = host;
        Address = Silo.SiloAddress ?? throw new InvalidOperationException($"Silo {name} has not joined a cluster.");
    }

    public string Name { get; }

    public IHost Host { get; }

    public IServiceProvider Services => Host.Services;

    public Silo Silo => Services.GetRequiredService<Silo>();

    /// <summary>Its address in the cluster; still readable after it stopped.</summary>
    public SiloAddress Address { get; }

    /// <summary>The grain factory inside this silo (calls made as if from grain code on it).</summary>
    public IGrainFactory GrainFactory => Services.GetRequiredService<IGrainFactory>();

    public bool IsRunning { get; internal set; } = true;

    public override string ToString() => $"{Name} ({Silo.SiloAddress})";
}
