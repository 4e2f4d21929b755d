using System.Globalization;
using System.Net.Sockets;
using Npgsql;

namespace Orleans.Pipeline.TestKit;

/// <summary>
/// A PostgreSQL server for tests, handing out a fresh database per caller (<see cref="CreateDatabaseAsync"/>).
/// </summary>
/// <remarks>
/// <para>
/// If the environment variable <c>PIPELINE_TEST_POSTGRES</c> holds a connection string, that server is used (its user
/// must be allowed to create databases). Otherwise a private server is started from the installed binaries
/// (<c>/usr/lib/postgresql/*/bin</c>, else <c>initdb</c>/<c>pg_ctl</c> on PATH): a fresh cluster in a temp directory,
/// listening on a free loopback port and a Unix socket inside that directory, trust authentication, fsync off. When the
/// tests run as root it runs as the <c>postgres</c> OS user, since PostgreSQL refuses root. No binaries is an error,
/// never a skip: run <c>eng/install-test-deps.sh</c>.
/// </para>
/// <para>
/// <see cref="GetSharedAsync"/> starts one server per test process on first use and stops it when the process exits
/// (a watchdog process also stops it if the test process is killed). Test classes get their database through
/// <see cref="PostgresDatabaseFixture"/>.
/// </para>
/// </remarks>
public sealed class PostgresServer : IAsyncDisposable
{
    /// <summary>The environment variable naming an existing server to use instead of starting one.</summary>
    public const string ConnectionStringVariable = "PIPELINE_TEST_POSTGRES";

    private const string NotInstalledMessage =
        "PostgreSQL is not installed: run eng/install-test-deps.sh (no /usr/lib/postgresql/*/bin/initdb and no initdb on PATH). " +
        "Or set " + ConnectionStringVariable + " to the connection string of a server on which the tests may create databases.";

    private static readonly Lazy<Task<PostgresServer>> Shared = new(StartSharedAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly NpgsqlDataSource _admin;
    private readonly PrivatePostgresCluster? _cluster;
    private readonly bool _isShared;
    private int _disposed;

    private PostgresServer(string adminConnectionString, PrivatePostgresCluster? cluster, bool isShared)
    {
        AdminConnectionString = adminConnectionString;
        _admin = NpgsqlDataSource.Create(adminConnectionString);
        _cluster = cluster;
        _isShared = isShared;
    }

    /// <summary>A superuser connection string to the server's <c>postgres</c> database (or the one from <c>PIPELINE_TEST_POSTGRES</c>).</summary>
    public string AdminConnectionString { get; }

    /// <summary>Whether this is a server from <c>PIPELINE_TEST_POSTGRES</c> rather than a private one.</summary>
    public bool IsExternal => _cluster is null;

    /// <summary>The private server's directory (data, socket, log), or null for an external server.</summary>
    public string? Directory => _cluster?.Root;

    /// <summary>
    /// The server shared by every test of this process: started on the first call (a few seconds), stopped when the
    /// process exits. Disposing it does nothing. If it cannot start, every call fails with the same message.
    /// </summary>
    public static Task<PostgresServer> GetSharedAsync() => Shared.Value;

    /// <summary>Starts a server owned by the caller (stopped and deleted on dispose), or wraps <c>PIPELINE_TEST_POSTGRES</c>.</summary>
    public static Task<PostgresServer> StartAsync(CancellationToken cancellationToken = default) =>
        StartAsync(isShared: false, cancellationToken);

    /// <summary>
    /// Creates an empty database with a random name and returns a connection string to it. Each test class (or
    /// cluster) that takes its own database is isolated from the others.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var name = $"test_{Guid.NewGuid():N}";
        await using (var command = _admin.CreateCommand($"CREATE DATABASE \"{name}\""))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, closing its pooled and open connections first.</summary>
    public async Task DropDatabaseAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database
            ?? throw new ArgumentException("The connection string names no database.", nameof(connectionString));
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(connection);
        }

        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        await using var command = _admin.CreateCommand($"DROP DATABASE IF EXISTS \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\" WITH (FORCE)");
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Stops and deletes a private server (not the shared one); for an external server, only closes connections.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_isShared || Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _admin.DisposeAsync();
        if (_cluster is not null)
        {
            await _cluster.StopAsync();
        }
    }

    private static async Task<PostgresServer> StartSharedAsync()
    {
        var server = await StartAsync(isShared: true, CancellationToken.None);
        if (server._cluster is { } cluster)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                server._admin.Dispose();
                cluster.Stop();
            };
        }

        return server;
    }

    private static async Task<PostgresServer> StartAsync(bool isShared, CancellationToken cancellationToken)
    {
        if (Environment.GetEnvironmentVariable(ConnectionStringVariable) is { Length: > 0 } external)
        {
            var server = new PostgresServer(external, cluster: null, isShared);
            try
            {
                await using var command = server._admin.CreateCommand("SELECT 1");
                await command.ExecuteScalarAsync(cancellationToken);
            }
            catch (Exception exception) when (exception is NpgsqlException or SocketException)
            {
                await server._admin.DisposeAsync();
                throw new InvalidOperationException(
                    $"{ConnectionStringVariable} names a PostgreSQL server that does not answer: {exception.Message}", exception);
            }

            return server;
        }

        var binaries = FindBinaries() ?? throw new InvalidOperationException(NotInstalledMessage);
        var cluster = await PrivatePostgresCluster.StartAsync(binaries, cancellationToken);
        var connectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = cluster.Port,
            Username = PrivatePostgresCluster.Superuser,
            Database = "postgres",
            Timeout = 30,
            CommandTimeout = 120,
            IncludeErrorDetail = true,
        }.ConnectionString;
        return new PostgresServer(connectionString, cluster, isShared);
    }

    private static string? FindBinaries()
    {
        const string Root = "/usr/lib/postgresql";
        if (System.IO.Directory.Exists(Root))
        {
            var newest = System.IO.Directory.GetDirectories(Root)
                .Select(directory => (Directory: Path.Combine(directory, "bin"), Version: int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0))
                .Where(candidate => HasBinaries(candidate.Directory))
                .OrderByDescending(candidate => candidate.Version)
                .Select(candidate => candidate.Directory)
                .FirstOrDefault();
            if (newest is not null)
            {
                return newest;
            }
        }

        return ProcessRunner.FindOnPath("initdb") is { } initdb && Path.GetDirectoryName(initdb) is { } bin && HasBinaries(bin) ? bin : null;

        static bool HasBinaries(string bin) =>
            File.Exists(Path.Combine(bin, "initdb")) && File.Exists(Path.Combine(bin, "pg_ctl")) && File.Exists(Path.Combine(bin, "postgres"));
    }
}
