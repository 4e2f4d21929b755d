using System.Collections.Concurrent;
using Xunit;

namespace Orleans.Pipeline.TestKit;

/// <summary>
/// A class fixture (<c>IClassFixture&lt;PostgresDatabaseFixture&gt;</c>): an empty database of its own on the
/// process's shared <see cref="PostgresServer"/>, dropped after the class's last test together with any further
/// databases made through <see cref="CreateDatabaseAsync"/>.
/// </summary>
/// <remarks>
/// A class fixture rather than an xunit collection fixture: the server is already shared by the whole process, and
/// test classes in one collection would run one after another instead of in parallel.
/// </remarks>
public sealed class PostgresDatabaseFixture : IAsyncLifetime
{
    private readonly ConcurrentQueue<string> _databases = new();
    private PostgresServer? _server;
    private string? _connectionString;

    /// <summary>The shared server.</summary>
    public PostgresServer Server => _server ?? throw new InvalidOperationException("The fixture is not initialized.");

    /// <summary>A connection string to this fixture's database.</summary>
    public string ConnectionString => _connectionString ?? throw new InvalidOperationException("The fixture is not initialized.");

    /// <summary>Another empty database, for a test that needs one nobody else has touched; dropped with the fixture.</summary>
    public async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken = default)
    {
        var connectionString = await Server.CreateDatabaseAsync(cancellationToken);
        _databases.Enqueue(connectionString);
        return connectionString;
    }

    public async Task InitializeAsync()
    {
        _server = await PostgresServer.GetSharedAsync();
        _connectionString = await CreateDatabaseAsync();
    }

    public async Task DisposeAsync()
    {
        if (_server is null)
        {
            return;
        }

        while (_databases.TryDequeue(out var connectionString))
        {
            await _server.DropDatabaseAsync(connectionString);
        }
    }
}
