using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Pipeline.Runtime.Hosting;
using Orleans.Pipeline.Runtime.Persistence;

namespace Orleans.Pipeline.Runtime.Streams;

/// <summary>The stream providers of one silo, by name, with the implicit subscriptions of its grain classes.</summary>
internal sealed class StreamProviderRegistry : IGrainStreamProviders, IAsyncDisposable
{
    private readonly Dictionary<string, StreamProviderEntry> _providers = new(StringComparer.Ordinal);
    private readonly IServiceProvider _services;
    private readonly IGrainFactory _grainFactory;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly string _standaloneOwner = $"standalone:{Guid.NewGuid():N}";

    public StreamProviderRegistry(IEnumerable<StreamProviderRegistration> registrations, IServiceProvider services, IGrainFactory grainFactory, TimeProvider timeProvider, ILoggerFactory loggerFactory)
    {
        StreamConsumerExtension.EnsureRegistered();
        _services = services;
        _grainFactory = grainFactory;
        _timeProvider = timeProvider;
        _logger = loggerFactory.CreateLogger<StreamProvider>();
        foreach (var registration in registrations)
        {
            if (_providers.ContainsKey(registration.Name))
            {
                throw new InvalidOperationException($"Stream provider '{registration.Name}' is registered twice; give each provider its own name.");
            }

            var storage = string.IsNullOrEmpty(registration.Options.StorageName)
                ? services.GetService<IGrainStorage>()
                : services.GetKeyedService<IGrainStorage>(registration.Options.StorageName);
            if (registration.Options.Durable && storage is null)
            {
                throw new InvalidOperationException(
                    $"Durable stream provider '{registration.Name}' needs grain storage for its subscriptions and its consumers' cursors: register one (e.g. AddSqliteGrainStorage) " +
                    (registration.Options.StorageName is null ? "as the default storage." : $"named '{registration.Options.StorageName}'."));
            }

            _providers[registration.Name] = new StreamProviderEntry(registration.Name, registration.Options, registration.CreateQueue?.Invoke(services), storage);
        }
    }

    public ImplicitSubscriptionTable Implicit { get; } = new();

    public IReadOnlyCollection<StreamProviderEntry> Providers => _providers.Values;

    public TimeProvider TimeProvider => _timeProvider;

    /// <summary>How a stream running here names this silo as the owner of its durable queue.</summary>
    public string LocalOwner => _services.GetService<Silo>()?.SiloAddress?.ToString() ?? _standaloneOwner;

    /// <summary>True when <paramref name="owner"/> names this silo.</summary>
    public bool IsLocalOwner(string owner) => string.Equals(owner, LocalOwner, StringComparison.Ordinal);

    public StreamProviderEntry Get(string name) =>
        _providers.TryGetValue(name, out var entry)
            ? entry
            : throw new StreamException(
                $"Stream provider '{name}' is not registered on this silo; register it on every silo (AddStreams(\"{name}\"), or AddSqliteStreams / AddPostgresStreams for a durable provider). Registered: {string.Join(", ", _providers.Keys.Order(StringComparer.Ordinal))}.");

    public IStreamProvider GetStreamProvider(string name, IGrainContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var entry = Get(name);
        return new StreamProvider(name, entry.Options, context.GrainFactory, context, context, this, _timeProvider, _logger);
    }

    /// <summary>The provider for the silo's host code (not a grain): it produces, as one producer per stream.</summary>
    public IStreamProvider GetHostProvider(string name)
    {
        var entry = Get(name);
        return new StreamProvider(name, entry.Options, _grainFactory, this, context: null, this, _timeProvider, _logger);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var entry in _providers.Values)
        {
            if (entry.Queue is not null)
            {
                await entry.Queue.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
