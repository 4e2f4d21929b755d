using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Orleans.Pipeline.Tasks;

/// <summary>Registers the task function catalog with a service collection.</summary>
public static class TaskServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="TaskOptions"/> and a singleton <see cref="TaskFunctionCatalog"/> built from them on first use.
    /// Bind the options from configuration with <c>services.AddOptions&lt;TaskOptions&gt;().BindConfiguration(TaskOptions.SectionName)</c>.
    /// </summary>
    public static IServiceCollection AddPipelineTasks(this IServiceCollection services, Action<TaskOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<TaskOptions>();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.AddSingleton(static sp => new TaskFunctionCatalog(
            sp.GetRequiredService<IOptions<TaskOptions>>().Value,
            sp.GetService<ILogger<TaskFunctionCatalog>>()));
        return services;
    }
}
