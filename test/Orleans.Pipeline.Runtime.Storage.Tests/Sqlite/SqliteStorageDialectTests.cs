using Microsoft.Data.Sqlite;
using Orleans.Pipeline.Runtime.Persistence;
using Orleans.Pipeline.Runtime.Storage.Sqlite;
using Orleans.Pipeline.TestKit;

namespace Orleans.Pipeline.Runtime.Storage.Tests.Sqlite;

/// <summary>What only the SQLite backend promises: its file, schema and locking behaviour.</summary>
public sealed class SqliteStorageDialectTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new("sqlite-dialect");

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(":memory:")]
    [InlineData("Data Source=:memory:")]
    [InlineData("Data Source=state;Mode=Memory")]
    [InlineData("Data Source=")]
    public void Constructor_NoDatabaseFile_ThrowsArgumentException(string dataSource)
    {
        var error = Assert.Throws<ArgumentException>(() => new SqliteStorageDialect(new SqliteGrainStorageOptions { DataSource = dataSource }));

        Assert.Contains("SQLite grain storage needs a database", error.Message);
    }

    [Theory]
    [InlineData("grain state")]
    [InlineData("grain_state; DROP TABLE x")]
    [InlineData("1grains")]
    [InlineData("")]
    public void Constructor_InvalidTableName_ThrowsArgumentException(string tableName)
    {
        var error = Assert.Throws<ArgumentException>(() => new SqliteStorageDialect(new SqliteGrainStorageOptions { DataSource = _directory.GetPath("x.db"), TableName = tableName }));

        Assert.Equal("tableName", error.ParamName);
    }

    [Fact]
    public async Task WriteAsync_FreshFile_CreatesWalDatabaseWithPrimaryKeyOnKeyColumns()
    {
        var path = _directory.GetPath("schema.db");
        await using (var storage = new SqliteGrainStorage(path))
        {
            await storage.WriteAsync(new GrainStateKey("t", "k", "s"), new byte[] { 1 }, null);
        }

        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        Assert.Equal("wal", await ScalarAsync(connection, "PRAGMA journal_mode"));
        Assert.Equal(
            ["grain_type", "grain_key", "state_name"],
            await ColumnAsync(connection, "SELECT name FROM pragma_table_info('grain_state') WHERE pk > 0 ORDER BY pk"));
        Assert.Equal(
            ["grain_type:TEXT", "grain_key:TEXT", "state_name:TEXT", "payload:BLOB", "version:INTEGER", "modified_at:TEXT"],
            await ColumnAsync(connection, "SELECT name || ':' || type FROM pragma_table_info('grain_state') ORDER BY cid"));
    }

    [Fact]
    public async Task WriteAsync_PathInMissingDirectory_CreatesDirectoryAndFile()
    {
        var path = Path.Combine(_directory.Path, "nested", "deeper", "state.db");
        await using var storage = new SqliteGrainStorage(path);

        await storage.WriteAsync(new GrainStateKey("t", "k", "s"), new byte[] { 7 }, null);

        Assert.True(File.Exists(path));
        Assert.Equal(new byte[] { 7 }, (await storage.ReadAsync(new GrainStateKey("t", "k", "s")))?.Data);
    }

    [Fact]
    public async Task WriteAsync_CustomTableName_StoresRowsInThatTable()
    {
        var path = _directory.GetPath("custom.db");
        await using (var storage = new SqliteGrainStorage(new SqliteGrainStorageOptions { DataSource = $"Data Source={path}", TableName = "job_state" }))
        {
            await storage.WriteAsync(new GrainStateKey("t", "k", "s"), new byte[] { 1 }, null);
        }

        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        Assert.Equal("1", await ScalarAsync(connection, "SELECT count(*) FROM job_state"));
        Assert.Equal("0", await ScalarAsync(connection, "SELECT count(*) FROM sqlite_master WHERE name = 'grain_state'"));
    }

    [Fact]
    public async Task WriteAsync_WhileAnotherConnectionHoldsWriteLock_WaitsAndSucceeds()
    {
        var path = _directory.GetPath("locked.db");
        var key = new GrainStateKey("t", "k", "s");
        await using var storage = new SqliteGrainStorage(path);
        var etag = await storage.WriteAsync(key, new byte[] { 1 }, null);
        await using var other = await HoldWriteLockAsync(path);

        var write = storage.WriteAsync(key, new byte[] { 2 }, etag);
        var first = await Task.WhenAny(write, Task.Delay(TimeSpan.FromMilliseconds(300)));
        var waited = first != write;
        await ExecuteAsync(other, "COMMIT");
        var next = await write.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.True(waited, "the write finished while another connection held the write lock");
        Assert.NotEqual(etag, next);
        Assert.Equal(new byte[] { 2 }, (await storage.ReadAsync(key))?.Data);
    }

    [Fact]
    public async Task WriteAsync_WriteLockHeldPastBusyTimeout_ThrowsBusyChangesNothingAndSucceedsOnceFree()
    {
        var path = _directory.GetPath("busy.db");
        var key = new GrainStateKey("t", "k", "s");
        await using var storage = new SqliteGrainStorage(new SqliteGrainStorageOptions { DataSource = path, BusyTimeout = TimeSpan.FromMilliseconds(200) });
        var etag = await storage.WriteAsync(key, new byte[] { 1 }, null);
        await using (var other = await HoldWriteLockAsync(path))
        {
            var error = await Assert.ThrowsAsync<SqliteException>(() => storage.WriteAsync(key, new byte[] { 2 }, etag).WaitAsync(TimeSpan.FromSeconds(20)));

            Assert.Equal(5, error.SqliteErrorCode); // SQLITE_BUSY
            await ExecuteAsync(other, "ROLLBACK");
        }

        var stored = await storage.ReadAsync(key);
        Assert.Equal(new byte[] { 1 }, stored?.Data);
        Assert.Equal(etag, stored?.Etag);

        // The lock is free again: the same write succeeds.
        var next = await storage.WriteAsync(key, new byte[] { 2 }, etag);
        Assert.Equal(new byte[] { 2 }, (await storage.ReadAsync(key))?.Data);
        Assert.NotEqual(etag, next);
    }

    [Theory]
    [InlineData(5, false)] // SQLITE_BUSY: another process holds the lock
    [InlineData(10, false)] // SQLITE_IOERR
    [InlineData(13, false)] // SQLITE_FULL
    [InlineData(18, true)] // SQLITE_TOOBIG: this row
    [InlineData(19, true)] // SQLITE_CONSTRAINT: a constraint or trigger refused this row
    public void IsOperationFault_SqliteError_BlamesOnlyErrorsOfOneRow(int errorCode, bool expected)
    {
        using var dialect = new SqliteStorageDialect(new SqliteGrainStorageOptions { DataSource = _directory.GetPath("fault.db") });

        Assert.Equal(expected, dialect.IsOperationFault(new SqliteException("error", errorCode)));
    }

    // A separate, unpooled connection stands in for another process holding the database's write lock.
    private static async Task<SqliteConnection> HoldWriteLockAsync(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await ExecuteAsync(connection, "BEGIN IMMEDIATE");
        return connection;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<List<string>> ColumnAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
