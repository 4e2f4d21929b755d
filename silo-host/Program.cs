using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Pipeline.Runtime;
using Orleans.Pipeline.Runtime.Hosting;
using Orleans.Pipeline.Runtime.Storage.Postgres;
using Orleans.Pipeline.Runtime.Storage.Sqlite;
using Orleans.Pipeline.SiloHost;
using Orleans.Pipeline.SiloHost.Sample;

var switches = new Dictionary<string, string>
{
    ["--name"] = "Silo:SiloName",
    ["--data-dir"] = "Silo:DataDirectory",
    ["--storage"] = "Silo:Storage",
    ["--database"] = "Silo:Database",
};

var demo = args.Contains("--demo");
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
builder.Configuration.AddEnvironmentVariables("PIPELINE_");
builder.Configuration.AddCommandLine(args.Where(a => a != "--demo").ToArray(), switches);

var settings = builder.Configuration.GetSection("Silo").Get<SiloHostSettings>() ?? new SiloHostSettings();
builder.Services.AddGrainSilo(options =>
{
    builder.Configuration.GetSection("Silo").Bind(options);
    if (string.IsNullOrWhiteSpace(options.SiloName))
    {
        options.SiloName = Environment.MachineName;
    }
});

try
{
    switch (settings.Storage.ToLowerInvariant())
    {
        case "sqlite":
            var path = string.IsNullOrWhiteSpace(settings.Database)
                ? Path.Combine(Path.GetFullPath(settings.DataDirectory), "cluster.db")
                : settings.Database;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            builder.Services.AddSqliteGrainStorage(path);
            break;
        case "postgres":
            if (string.IsNullOrWhiteSpace(settings.Database))
            {
                throw new ArgumentException("--storage postgres needs --database with a PostgreSQL connection string.");
            }

            builder.Services.AddPostgresGrainStorage(settings.Database);
            break;
        default:
            throw new ArgumentException($"Unknown storage '{settings.Storage}': use sqlite or postgres.");
    }
}
catch (ArgumentException error)
{
    await Console.Error.WriteLineAsync($"silo-host: {error.Message}");
    return 2;
}

using var host = builder.Build();
if (!demo)
{
    await host.RunAsync();
    return 0;
}

await host.StartAsync();
var result = await SampleWorkload.RunAsync(host.Services.GetRequiredService<IGrainFactory>(), Console.Out);
await host.StopAsync();
return result;
