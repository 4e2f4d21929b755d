using Npgsql;

namespace Orleans.Pipeline.Runtime.Storage.Tests.Postgres;

/// <summary>
/// One database of the test server down for its clients: it refuses new connections and its open ones are terminated
/// (pooled connections break on their next use). Disposing lets connections in again.
/// </summary>
internal sealed class PostgresOutage : IAsyncDisposable
{
    private readonly string _adminConnectionString;
    private readonly string _quotedName;

    private PostgresOutage(string adminConnectionString, string quotedName)
    {
        _adminConnectionString = adminConnectionString;
        _quotedName = quotedName;
    }

    /// <param name="adminConnectionString">A superuser connection to another database of the server.</param>
    /// <param name="connectionString">A connection string to the database to take down.</param>
    public static async Task<PostgresOutage> StartAsync(string adminConnectionString, string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database ?? throw new ArgumentException("The connection string names no database.", nameof(connectionString));
        var outage = new PostgresOutage(adminConnectionString, "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"");
        await using var admin = new NpgsqlConnection(adminConnectionString);
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"ALTER DATABASE {outage._quotedName} ALLOW_CONNECTIONS false; " +
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = @name AND pid <> pg_backend_pid();",
            admin);
        command.Parameters.AddWithValue("name", name);
        await command.ExecuteNonQueryAsync();
        return outage;
    }

    public async ValueTask DisposeAsync()
    {
        await using var admin = new NpgsqlConnection(_adminConnectionString);
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand($"ALTER DATABASE {_quotedName} ALLOW_CONNECTIONS true", admin);
        await command.ExecuteNonQueryAsync();
    }
}
