using Npgsql;
using Orleans.Pipeline.Runtime.Clustering;
using Orleans.Pipeline.Runtime.Membership;
using Orleans.Pipeline.Runtime.Storage.Postgres;
using Orleans.Pipeline.TestKit;

namespace Orleans.Pipeline.Runtime.Storage.Tests.Postgres;

/// <summary>What only the PostgreSQL cluster database promises: its schema and its use of a caller's data source.</summary>
public sealed class PostgresClusteringDialectTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task InitializeAsync_FreshDatabase_CreatesTablesWithPrimaryKeysAndSiloIndex()
    {
        var connectionString = await database.CreateDatabaseAsync();
        await using (var dialect = new PostgresClusteringDialect(connectionString))
        {
            await new AdoNetMembershipTable(dialect, "c").InitializeAsync();
        }

        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        Assert.Equal(["cluster_id"], await PrimaryKeyAsync(dataSource, "membership_version"));
        Assert.Equal(["cluster_id", "address"], await PrimaryKeyAsync(dataSource, "membership_member"));
        Assert.Equal(["cluster_id", "grain_type", "grain_key"], await PrimaryKeyAsync(dataSource, "grain_directory"));
        Assert.Equal(
            ["CREATE INDEX grain_directory_silo ON public.grain_directory USING btree (cluster_id, silo)"],
            await ColumnAsync(dataSource, "SELECT indexdef FROM pg_indexes WHERE indexname = 'grain_directory_silo'"));
        Assert.Equal(
            ["cluster_id:text", "address:text", "silo_name:text", "status:integer", "gateway_port:integer", "start_time:timestamp with time zone",
             "i_am_alive_time:timestamp with time zone", "suspicions:text", "etag:bigint"],
            await ColumnAsync(dataSource, "SELECT column_name || ':' || data_type FROM information_schema.columns WHERE table_name = 'membership_member' ORDER BY ordinal_position"));
    }

    [Fact]
    public async Task DisposeAsync_DataSourceNotOwned_LeavesDataSourceUsable()
    {
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        var clusterId = $"c-{Guid.NewGuid():N}";
        var now = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await using (var dialect = new PostgresClusteringDialect(dataSource))
        {
            Assert.True(await new AdoNetMembershipTable(dialect, clusterId).InsertRowAsync(new MembershipEntry(new SiloAddress("127.0.0.1", 1, 1), "a", SiloStatus.Active, 0, now, now, []), 0));
        }

        await using var again = new PostgresClusteringDialect(dataSource);
        Assert.Single((await new AdoNetMembershipTable(again, clusterId).ReadAllAsync()).Rows);
    }

    [Fact]
    public void Constructor_EmptyConnectionString_ThrowsArgumentExceptionNamingTheOption()
    {
        var error = Assert.Throws<ArgumentException>(() => new PostgresClusteringDialect(" "));

        Assert.Contains("PostgresClusteringOptions.ConnectionString", error.Message);
    }

    private static Task<List<string>> PrimaryKeyAsync(NpgsqlDataSource dataSource, string table) =>
        ColumnAsync(dataSource, $"""
            SELECT a.attname::text FROM pg_index i
            JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
            WHERE i.indrelid = '{table}'::regclass AND i.indisprimary
            ORDER BY array_position(i.indkey::int2[], a.attnum)
            """);

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
