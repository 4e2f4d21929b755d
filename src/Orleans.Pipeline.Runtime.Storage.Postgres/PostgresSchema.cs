using System.Data.Common;
using System.Text;

namespace Orleans.Pipeline.Runtime.Storage.Postgres;

/// <summary>Schema creation that several processes can run at once against one PostgreSQL database.</summary>
internal static class PostgresSchema
{
    /// <summary>
    /// The advisory lock key of a schema: FNV-1a over <c>orleans.pipeline.schema:{name}</c> in UTF-8, so every process
    /// computes the same key (string.GetHashCode differs between processes).
    /// </summary>
    public static long LockKey(string name)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes("orleans.pipeline.schema:" + name))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return unchecked((long)hash);
    }

    /// <summary>
    /// Runs <paramref name="ddl"/> (<c>CREATE … IF NOT EXISTS</c> statements) in one transaction that first takes the
    /// transaction-scoped advisory lock <paramref name="lockKey"/>. CREATE TABLE IF NOT EXISTS is not atomic in
    /// PostgreSQL: two sessions can both see no table and one then fails on the catalog's unique index; the lock
    /// makes them take turns.
    /// </summary>
    public static async Task CreateUnderLockAsync(DbConnection connection, long lockKey, string ddl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            var command = connection.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                command.Transaction = transaction;
                command.CommandText = "SELECT pg_advisory_xact_lock(@lock_key);\n" + ddl;
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@lock_key";
                parameter.Value = lockKey;
                command.Parameters.Add(parameter);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
