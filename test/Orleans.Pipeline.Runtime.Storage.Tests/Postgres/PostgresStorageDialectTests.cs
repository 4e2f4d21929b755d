using Npgsql;
using Orleans.Pipeline.Runtime.Persistence;
using Orleans.Pipeline.Runtime.Storage.Postgres;
using Orleans.Pipeline.TestKit;

namespace Orleans.Pipeline.Runtime.Storage.Tests.Postgres;

/// <summary>What only the PostgreSQL backend promises: its schema and its use of a caller's data source.</summary>
public sealed class PostgresStorageDialectTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task WriteAsync_FreshDatabase_CreatesTableWithPrimaryKeyOnKeyColumns()
    {
        var connectionString = await database.CreateDatabaseAsync();
        await using (var storage = new PostgresGrainStorage(connectionString))
        {
            await storage.WriteAsync(new GrainStateKey("t", "k", "s"), new byte[] { 1 }, null);
        }

        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        Assert.Equal(
            ["grain_type", "grain_key", "state_name"],
            await ColumnAsync(dataSource, """
                SELECT a.attname FROM pg_index i
                JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
                WHERE i.indrelid = 'grain_state'::regclass AND i.indisprimary
                ORDER BY array_position(i.indkey::int2[], a.attnum)
                """));
        Assert.Equal(
            ["grain_type:text", "grain_key:text", "state_name:text", "payload:bytea", "version:bigint", "modified_at:timestamp with time zone"],
            await ColumnAsync(dataSource, "SELECT column_name || ':' || data_type FROM information_schema.columns WHERE table_name = 'grain_state' ORDER BY ordinal_position"));
    }

    [Fact]
    public async Task WriteAsync_CustomTableName_StoresRowsInThatTable()
    {
        var connectionString = await database.CreateDatabaseAsync();
        await using (var storage = new PostgresGrainStorage(new PostgresGrainStorageOptions { ConnectionString = connectionString, TableName = "job_state" }))
        {
            await storage.WriteAsync(new GrainStateKey("t", "k", "s"), new byte[] { 1 }, null);
        }

        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        Assert.Equal(["1"], await ColumnAsync(dataSource, "SELECT count(*)::text FROM job_state"));
        Assert.Equal(["0"], await ColumnAsync(dataSource, "SELECT count(*)::text FROM information_schema.tables WHERE table_name = 'grain_state'"));
    }

    [Fact]
    public async Task DisposeAsync_DataSourceNotOwned_LeavesDataSourceUsable()
    {
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        var key = new GrainStateKey("t", $"{Guid.NewGuid():N}", "s");
        await using (var storage = new AdoNetGrainStorage(new PostgresStorageDialect(dataSource)))
        {
            await storage.WriteAsync(key, new byte[] { 3 }, null);
        }

        await using var reader = new AdoNetGrainStorage(new PostgresStorageDialect(dataSource));
        Assert.Equal(new byte[] { 3 }, (await reader.ReadAsync(key))?.Data);
    }

    private static async Task<List<string>> ColumnAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
