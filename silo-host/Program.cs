using System.Net;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Pipeline.Grains.Hosting;
using Orleans.Pipeline.Runtime;
using Orleans.Pipeline.Runtime.Hosting;
using Orleans.Pipeline.Runtime.Membership;
using Orleans.Pipeline.Runtime.Storage.Postgres;
using Orleans.Pipeline.Runtime.Storage.Sqlite;
using Orleans.Pipeline.SiloHost;
using Orleans.Pipeline.SiloHost.Clustering;
using Orleans.Pipeline.SiloHost.Configuration;
using Orleans.Pipeline.SiloHost.Sample;
using Orleans.Pipeline.Tasks;

// Exit codes: 0 stopped (or the demo passed), 1 could not start or the demo failed, 2 bad configuration,
// 3 the cluster declared this silo dead.
const int ConfigurationError = 2;
var timeProvider = TimeProvider.System;
HostApplicationBuilder builder;
SiloHostArguments arguments;
SiloHostSettings settings;
ClusterOptions cluster;
MembershipOptions membership;
PipelineOptions pipeline;
TaskOptions tasks;
ClusterSecret secret;
IReadOnlyList<Assembly> grainAssemblies;
string storageDescription;
try
{
    arguments = SiloHostArguments.Parse(args);
    builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
    builder.Configuration.AddEnvironmentVariables("PIPELINE_");
    builder.Configuration.AddCommandLine([.. arguments.ConfigurationArguments], new Dictionary<string, string>(SiloHostArguments.SwitchMappings, StringComparer.OrdinalIgnoreCase));

    settings = Bind<SiloHostSettings>(builder.Configuration, "Silo");
    Bind<SiloOptions>(builder.Configuration, "Silo");
    cluster = Bind<ClusterOptions>(builder.Configuration, "Cluster");
    membership = Bind<MembershipOptions>(builder.Configuration, "Membership");
    pipeline = Bind<PipelineOptions>(builder.Configuration, "Pipeline");
    tasks = Bind<TaskOptions>(builder.Configuration, TaskOptions.SectionName);
    Validate(cluster, membership);
    if (pipeline.ExecutorSlots < 1)
    {
        throw new SiloHostConfigurationException($"--slots {pipeline.ExecutorSlots} (Pipeline:ExecutorSlots) is not a number of executor slots: use 1 or more (default: the number of cores, {Environment.ProcessorCount}).");
    }

    // Task outputs live beside the silo's other files: {data-dir}/jobs/{job}/...
    pipeline.DataDirectory = Path.GetFullPath(settings.DataDirectory);

    // Clustering is always on: the storage holds grain state, membership and the grain directory alike.
    switch (settings.Storage.ToLowerInvariant())
    {
        case "sqlite":
            var path = Path.GetFullPath(string.IsNullOrWhiteSpace(settings.Database)
                ? Path.Combine(settings.DataDirectory, "cluster.db")
                : settings.Database);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            builder.Services.AddSqliteGrainStorage(path);
            builder.Services.AddSqliteClustering(path, cluster.ClusterId);
            storageDescription = $"SQLite {path}";
            break;
        case "postgres":
            if (string.IsNullOrWhiteSpace(settings.Database))
            {
                throw new SiloHostConfigurationException("--storage postgres needs --database with a PostgreSQL connection string.");
            }

            builder.Services.AddPostgresGrainStorage(settings.Database);
            builder.Services.AddPostgresClustering(settings.Database, cluster.ClusterId);
            storageDescription = "PostgreSQL";
            break;
        default:
            throw new SiloHostConfigurationException($"Unknown storage '{settings.Storage}': use sqlite or postgres.");
    }

    grainAssemblies = GrainAssemblyLoader.Load([.. settings.GrainAssemblyFiles, .. arguments.GrainAssemblyFiles]);
    secret = await ClusterSecretResolver.ResolveAsync(cluster.ClusterSecret, builder.Configuration["Cluster:ClusterSecretFile"], settings.DataDirectory, timeProvider);
    cluster.ClusterSecret = secret.Value;
}
catch (SiloHostConfigurationException error)
{
    await Console.Error.WriteLineAsync($"silo-host: {error.Message}");
    return ConfigurationError;
}

var configuration = builder.Configuration;
builder.Services.AddGrainSilo(options =>
{
    configuration.GetSection("Silo").Bind(options);
    if (string.IsNullOrWhiteSpace(options.SiloName))
    {
        options.SiloName = Environment.MachineName;
    }

    foreach (var assembly in grainAssemblies)
    {
        options.GrainAssemblies.Add(assembly);
    }
});
builder.Services.Configure<ClusterOptions>(options =>
{
    options.ClusterId = cluster.ClusterId;
    options.ClusterSecret = cluster.ClusterSecret;
    options.ListenAddress = cluster.ListenAddress;
    options.Port = cluster.Port;
});
builder.Services.Configure<MembershipOptions>(options => configuration.GetSection("Membership").Bind(options));
builder.Services.AddPipeline(
    options =>
    {
        configuration.GetSection("Pipeline").Bind(options);
        options.DataDirectory = pipeline.DataDirectory;
    },
    options => configuration.GetSection(TaskOptions.SectionName).Bind(options));

using var host = builder.Build();
var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Orleans.Pipeline.SiloHost");
LogConfiguration(logger, secret, grainAssemblies, cluster, storageDescription);
SiloHostLog.Pipeline(logger, pipeline.ExecutorSlots, tasks.AllowExternalPrograms, pipeline.DataDirectory);
var silo = host.Services.GetRequiredService<Silo>();
try
{
    await ClusterSecretCheck.EnsureAcceptedAsync(host.Services.GetRequiredService<IMembershipTable>(), cluster, membership, timeProvider, CancellationToken.None);
    await host.StartAsync();
}
catch (SiloHostConfigurationException error)
{
    await Console.Error.WriteLineAsync($"silo-host: {error.Message}");
    return ConfigurationError;
}
catch (Exception error)
{
    // The last line of defence: whatever stopped the start (database unreachable, port taken) is one line, not a stack trace.
    await Console.Error.WriteLineAsync($"silo-host: silo {silo.SiloName} could not start: {error.Message}");
    return 1;
}

var clusterMembership = silo.Membership!;
var declaredDead = 0;
clusterMembership.DeclaredDead += (_, _) => Interlocked.Exchange(ref declaredDead, 1);
if (clusterMembership.CurrentView.IsKnownDead(clusterMembership.LocalSilo))
{
    Interlocked.Exchange(ref declaredDead, 1);
}

var address = clusterMembership.LocalSilo;
await Console.Out.WriteLineAsync($"Silo {silo.SiloName} listening on {address.Host}:{address.Port} (cluster {cluster.ClusterId})");
await Console.Out.FlushAsync();

if (arguments.Demo || settings.Demo)
{
    var result = await SampleWorkload.RunAsync(host.Services.GetRequiredService<IGrainFactory>(), Console.Out);
    await host.StopAsync();
    return result;
}

await host.WaitForShutdownAsync();
if (Volatile.Read(ref declaredDead) == 1)
{
    await Console.Error.WriteLineAsync($"silo-host: the cluster declared silo {silo.SiloName} ({address}) dead, so it stopped serving; start it again to rejoin as a new member.");
    return 3;
}

return 0;

static T Bind<T>(IConfiguration configuration, string section)
    where T : new()
{
    try
    {
        return configuration.GetSection(section).Get<T>() ?? new T();
    }
    catch (InvalidOperationException error)
    {
        throw new SiloHostConfigurationException($"Bad setting in section '{section}': {error.Message}", error);
    }
}

static void Validate(ClusterOptions cluster, MembershipOptions membership)
{
    if (string.IsNullOrWhiteSpace(cluster.ClusterId))
    {
        throw new SiloHostConfigurationException("The cluster id is empty: set --cluster-id (Cluster:ClusterId).");
    }

    if (cluster.Port is < 0 or > 65535)
    {
        throw new SiloHostConfigurationException($"--port {cluster.Port} is not a TCP port: use 1-65535, or 0 for any free port.");
    }

    if (!IPAddress.TryParse(cluster.ListenAddress, out var listen))
    {
        throw new SiloHostConfigurationException($"--listen '{cluster.ListenAddress}' is not an IP address: give the address of this machine that the other silos and clients reach, e.g. 10.0.0.5 (default 127.0.0.1).");
    }

    if (listen.Equals(IPAddress.Any) || listen.Equals(IPAddress.IPv6Any))
    {
        throw new SiloHostConfigurationException($"--listen {cluster.ListenAddress} cannot be advertised to other silos: give this machine's own address that they reach, e.g. 10.0.0.5.");
    }

    try
    {
        membership.Validate();
    }
    catch (ArgumentException error)
    {
        throw new SiloHostConfigurationException($"Bad setting in section 'Membership': {error.Message}", error);
    }
}

static void LogConfiguration(ILogger logger, ClusterSecret secret, IReadOnlyList<Assembly> grainAssemblies, ClusterOptions cluster, string storage)
{
    switch (secret.Origin)
    {
        case ClusterSecretOrigin.Generated:
            SiloHostLog.SecretGenerated(logger, secret.FilePath!);
            break;
        case ClusterSecretOrigin.File or ClusterSecretOrigin.DataDirectory:
            SiloHostLog.SecretFromFile(logger, secret.FilePath!);
            break;
        default:
            SiloHostLog.SecretConfigured(logger);
            break;
    }

    if (secret.ReadableByOthers)
    {
        SiloHostLog.SecretFileExposed(logger, secret.FilePath!);
    }

    foreach (var assembly in grainAssemblies)
    {
        SiloHostLog.GrainAssemblyLoaded(logger, assembly.Location);
    }

    SiloHostLog.Clustering(logger, cluster.ClusterId, storage, cluster.ListenAddress, cluster.Port);
}
