using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Orleans.Pipeline.Runtime.Hosting;

/// <summary>Adds a silo to a .NET Generic Host.</summary>
public static class SiloServiceCollectionExtensions
{
    /// <summary>
    /// Registers the silo (a hosted service), its <see cref="IGrainFactory"/> and a <see cref="TimeProvider"/>
    /// (the system clock unless one is registered). Grain storage is registered separately, e.g. with the SQLite
    /// or PostgreSQL storage package's extension.
    /// </summary>
    public static IServiceCollection AddGrainSilo(this IServiceCollection services, Action<SiloOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<SiloOptions>();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SiloRuntime>();
        services.AddOptions<ClusterOptions>();
        services.AddOptions<Membership.MembershipOptions>();
        services.AddSingleton(static sp => new Silo(
            sp.GetRequiredService<SiloRuntime>(),
            sp.GetRequiredService<ILogger<Silo>>(),
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<ClusterOptions>>(),
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Membership.MembershipOptions>>()));
        services.AddSingleton<IGrainFactory>(static sp => sp.GetRequiredService<SiloRuntime>().GrainFactory);
        services.AddHostedService(static sp => sp.GetRequiredService<Silo>());
        return services;
    }
}
