using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Pipeline.Runtime.Hosting;
using Orleans.Pipeline.Runtime.Storage.Sqlite;
using Orleans.Pipeline.Runtime.Tests.Grains;

namespace Orleans.Pipeline.Runtime.Tests.Support;

/// <summary>One silo in this process on a Generic Host, with the test grains and the given storage.</summary>
public sealed class TestSilo : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private TestSilo(IHost host)
    {
        _host = host;
    }

    public IGrainFactory GrainFactory => _host.Services.GetRequiredService<IGrainFactory>();

    public Silo Silo => _host.Services.GetRequiredService<Silo>();

    public ActivationLog Log => _host.Services.GetRequiredService<ActivationLog>();

    public static Task<TestSilo> StartWithSqliteAsync(string databasePath, Action<SiloOptions>? configure = null, ActivationLog? log = null) =>
        StartAsync(services => services.AddSqliteGrainStorage(databasePath), configure, log);

    public static async Task<TestSilo> StartAsync(Action<IServiceCollection> addStorage, Action<SiloOptions>? configure = null, ActivationLog? log = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(log ?? new ActivationLog());
        builder.Services.AddGrainSilo(options =>
        {
            options.SiloName = "test";
            options.DeactivationTimeout = TimeSpan.FromSeconds(2);
            options.GrainAssemblies.Add(typeof(TestSilo).Assembly);
            configure?.Invoke(options);
        });
        addStorage(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return new TestSilo(host);
    }

    /// <summary>A graceful stop: every activation is deactivated.</summary>
    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _host.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _host.Dispose();
    }
}
