using Npgsql;
using Orleans.Pipeline.Runtime.Persistence;
using Orleans.Pipeline.Runtime.Storage.Postgres;
using Orleans.Pipeline.TestKit;

namespace Orleans.Pipeline.Runtime.Storage.Tests.Postgres;

/// <summary>The storage contract on PostgreSQL: one database for the class, a fresh one where a test needs it.</summary>
public sealed class PostgresGrainStorageTests(PostgresDatabaseFixture fixture) : GrainStorageContractTests, IClassFixture<PostgresDatabaseFixture>
{
    private PostgresServer Server => fixture.Server;

    protected override Task<string> GetDatabaseAsync() => Task.FromResult(fixture.ConnectionString);

    protected override Task<string> CreateDatabaseAsync() => fixture.CreateDatabaseAsync();

    protected override AdoNetGrainStorage CreateStorage(string database) => new PostgresGrainStorage(database);

    protected override AdoNetStorageDialect CreateDialect(string database) =>
        new PostgresStorageDialect(new PostgresGrainStorageOptions { ConnectionString = database });

    protected override async Task<IAsyncDisposable> TakeDownAsync(string database) =>
        await PostgresOutage.StartAsync(Server.AdminConnectionString, database);

    protected override async Task RefusePayloadAsync(string database, byte[] payload)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"""
            CREATE FUNCTION refuse_payload() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.payload = decode('{Convert.ToHexString(payload)}', 'hex') THEN
                    RAISE EXCEPTION 'this payload is refused by the test';
                END IF;
                RETURN NEW;
            END
            $$;
            CREATE TRIGGER refuse_payload BEFORE INSERT OR UPDATE ON grain_state FOR EACH ROW EXECUTE FUNCTION refuse_payload();
            """,
            connection);
        await command.ExecuteNonQueryAsync();
    }
}
