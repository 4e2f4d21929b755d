using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Pipeline.Runtime.Streams;
using Orleans.Pipeline.Tasks;

namespace Orleans.Pipeline.Grains.Hosting;

/// <summary>Adds pipeline jobs to a silo: the job, stage, task, broker and registry grains, the task functions, the node directory and the stream that feeds running tasks.</summary>
public static class PipelineServiceCollectionExtensions
{
    /// <summary>Registers the pipeline services. The silo must be clustered (brokers are silo-pinned grains).</summary>
    public static IServiceCollection AddPipeline(this IServiceCollection services, Action<PipelineOptions>? configure = null, Action<TaskOptions>? configureTasks = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<PipelineOptions>();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.AddPipelineTasks(configureTasks);
        services.TryAddSingleton<NodeDirectory>();

        // Inputs of running tasks of concurrent stages (a task grain resends them if a silo dies).
        services.AddStreams(Scheduling.TaskInputMessage.StreamProvider);
        services.AddHostedService<PipelineResumer>();
        services.Configure<Runtime.Hosting.SiloOptions>(o => o.GrainAssemblies.Add(typeof(JobGrain).Assembly));
        return services;
    }
}
