using Microsoft.Data.Sqlite;
using Orleans.Pipeline.Runtime.Clustering;
using Orleans.Pipeline.Runtime.Membership;
using Orleans.Pipeline.Runtime.Persistence;
using Orleans.Pipeline.Runtime.Storage.Sqlite;
using Orleans.Pipeline.TestKit;

namespace Orleans.Pipeline.Runtime.Storage.Tests.Sqlite;

/// <summary>What only the SQLite cluster database promises: its file, schema and sharing the file with grain storage.</summary>
public sealed class SqliteClusteringDialectTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new("sqlite-clustering");

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(":memory:")]
    [InlineData("Data Source=:memory:")]
    [InlineData("Data Source=cluster;Mode=Memory")]
    [InlineData("Data Source=")]
    [InlineData(" ")]
    public void Constructor_NoDatabaseFile_ThrowsArgumentExceptionNamingTheProblem(string dataSource)
    {
        var error = Assert.Throws<ArgumentException>(() => new SqliteClusteringDialect(dataSource));

        Assert.Contains("SQLite clustering needs a database", error.Message);
    }

    [Fact]
    public void Constructor_ReadOnlyMode_ThrowsArgumentException()
    {
        var error = Assert.Throws<ArgumentException>(() => new SqliteClusteringDialect($"Data Source={_directory.GetPath("ro.db")};Mode=ReadOnly"));

        Assert.Contains("read-only", error.Message);
    }

    [Fact]
    public async Task InitializeAsync_FreshFile_CreatesWalTablesWithPrimaryKeysAndSiloIndex()
    {
        var path = _directory.GetPath("schema.db");
        await using (var dialect = new SqliteClusteringDialect(path))
        {
            await new AdoNetMembershipTable(dialect, "c").InitializeAsync();
        }

        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        Assert.Equal("wal", await ScalarAsync(connection, "PRAGMA journal_mode"));
        Assert.Equal(["cluster_id"], await PrimaryKeyAsync(connection, "membership_version"));
        Assert.Equal(["cluster_id", "address"], await PrimaryKeyAsync(connection, "membership_member"));
        Assert.Equal(["cluster_id", "grain_type", "grain_key"], await PrimaryKeyAsync(connection, "grain_directory"));
        Assert.Equal(
            ["cluster_id", "silo"],
            await ColumnAsync(connection, "SELECT name FROM pragma_index_info('grain_directory_silo') ORDER BY seqno"));
        Assert.Equal(
            ["cluster_id:TEXT", "address:TEXT", "silo_name:TEXT", "status:INTEGER", "gateway_port:INTEGER", "start_time:INTEGER", "i_am_alive_time:INTEGER", "suspicions:TEXT", "etag:INTEGER"],
            await ColumnAsync(connection, "SELECT name || ':' || type FROM pragma_table_info('membership_member') ORDER BY cid"));
    }

    [Fact]
    public async Task UnregisterSiloAsync_QueryPlan_UsesSiloIndex()
    {
        var path = _directory.GetPath("plan.db");
        await using var dialect = new SqliteClusteringDialect(path);
        await new AdoNetGrainDirectory(dialect, "c").LookupAsync(new GrainId("t", "k"));

        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        var sql = dialect.UnregisterSiloSql.Replace("@cluster_id", "'c'", StringComparison.Ordinal).Replace("@silo", "'x'", StringComparison.Ordinal);
        var plan = string.Join("\n", await ColumnAsync(connection, "EXPLAIN QUERY PLAN " + sql, column: 3));
        Assert.Contains("grain_directory_silo", plan);
    }

    [Fact]
    public async Task SameFileAsGrainStorage_BothKeepTheirRows()
    {
        var path = _directory.GetPath("shared.db");
        await using var storage = new SqliteGrainStorage(path);
        await using var dialect = new SqliteClusteringDialect($"Data Source={path}");
        var table = new AdoNetMembershipTable(dialect, "c");
        var directory = new AdoNetGrainDirectory(dialect, "c");
        var silo = new SiloAddress("127.0.0.1", 11111, 1);
        var now = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

        await storage.WriteAsync(new GrainStateKey("t", "k", "s"), new byte[] { 1 }, null);
        Assert.True(await table.InsertRowAsync(new MembershipEntry(silo, "a", SiloStatus.Active, 0, now, now, []), 0));
        await directory.RegisterAsync(new GrainId("t", "k"), silo);

        Assert.Equal(new byte[] { 1 }, (await storage.ReadAsync(new GrainStateKey("t", "k", "s")))?.Data);
        Assert.Single((await table.ReadAllAsync()).Rows);
        Assert.Equal(silo, await directory.LookupAsync(new GrainId("t", "k")));
    }

    [Fact]
    public async Task InsertRowAsync_WhileAnotherConnectionHoldsWriteLock_WaitsAndSucceeds()
    {
        var path = _directory.GetPath("locked.db");
        await using var dialect = new SqliteClusteringDialect(path);
        var table = new AdoNetMembershipTable(dialect, "c");
        await table.InitializeAsync();
        var now = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await using var other = new SqliteConnection($"Data Source={path};Pooling=False");
        await other.OpenAsync();
        await ExecuteAsync(other, "BEGIN IMMEDIATE");

        var insert = table.InsertRowAsync(new MembershipEntry(new SiloAddress("127.0.0.1", 1, 1), "a", SiloStatus.Joining, 0, now, now, []), 0);
        var first = await Task.WhenAny(insert, Task.Delay(TimeSpan.FromMilliseconds(300)));
        var waited = first != insert;
        await ExecuteAsync(other, "COMMIT");

        Assert.True(waited, "the insert finished while another connection held the write lock");
        Assert.True(await insert.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal(1, (await table.ReadAllAsync()).Version);
    }

    private static Task<List<string>> PrimaryKeyAsync(SqliteConnection connection, string table) =>
        ColumnAsync(connection, $"SELECT name FROM pragma_table_info('{table}') WHERE pk > 0 ORDER BY pk");

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

    private static async Task<List<string>> ColumnAsync(SqliteConnection connection, string sql, int column = 0)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(Convert.ToString(reader.GetValue(column), System.Globalization.CultureInfo.InvariantCulture) ?? "");
        }

        return values;
    }
}
