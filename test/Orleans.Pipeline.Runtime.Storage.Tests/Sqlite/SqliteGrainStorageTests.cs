using Microsoft.Data.Sqlite;
using Orleans.Pipeline.Runtime.Persistence;
using Orleans.Pipeline.Runtime.Storage.Sqlite;
using Orleans.Pipeline.TestKit;

namespace Orleans.Pipeline.Runtime.Storage.Tests.Sqlite;

/// <summary>The storage contract on SQLite: each test gets its own directory of database files.</summary>
public sealed class SqliteGrainStorageTests : GrainStorageContractTests
{
    private readonly TemporaryDirectory _directory = new("sqlite-storage");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _directory.Dispose();
    }

    protected override Task<string> GetDatabaseAsync() => Task.FromResult(_directory.GetPath("test.db"));

    protected override Task<string> CreateDatabaseAsync() => Task.FromResult(_directory.GetPath($"{Guid.NewGuid():N}.db"));

    protected override AdoNetGrainStorage CreateStorage(string database) => new SqliteGrainStorage(database);

    protected override AdoNetStorageDialect CreateDialect(string database) =>
        new SqliteStorageDialect(new SqliteGrainStorageOptions { DataSource = database, BusyTimeout = TimeSpan.FromSeconds(1) });

    // Another process holding the write lock: writers wait out their busy timeout, then fail with SQLITE_BUSY.
    protected override async Task<IAsyncDisposable> TakeDownAsync(string database)
    {
        var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        await connection.OpenAsync();
        await ExecuteAsync(connection, "BEGIN IMMEDIATE");
        return connection; // closing it rolls the transaction back and frees the lock
    }

    protected override async Task RefusePayloadAsync(string database, byte[] payload)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        await connection.OpenAsync();
        var refused = $"NEW.payload = x'{Convert.ToHexString(payload)}'";
        await ExecuteAsync(connection, $"""
            CREATE TRIGGER refuse_insert BEFORE INSERT ON grain_state WHEN {refused} BEGIN SELECT RAISE(ABORT, 'this payload is refused by the test'); END;
            CREATE TRIGGER refuse_update BEFORE UPDATE ON grain_state WHEN {refused} BEGIN SELECT RAISE(ABORT, 'this payload is refused by the test'); END;
            """);
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
