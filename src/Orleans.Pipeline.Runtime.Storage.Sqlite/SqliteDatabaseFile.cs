using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Orleans.Pipeline.Runtime.Storage.Sqlite;

/// <summary>
/// One SQLite database file as every SQLite dialect of this package opens it (grain state, clustering, stream
/// queues): a file (never in memory), private cache, pooled connections and SQLite's own busy handler with the
/// configured timeout. The dialects differ only in their tables.
/// </summary>
internal sealed class SqliteDatabaseFile
{
    private readonly string _busyTimeoutPragma;

    /// <param name="dataSource">A file path, or a connection string (it contains <c>=</c>).</param>
    /// <param name="busyTimeout">How long a writer waits for the write lock.</param>
    /// <param name="owner">Who uses the file, as messages name it, with its verb: <c>SQLite grain storage needs</c>.</param>
    /// <param name="optionsName">The options type, for messages: <c>SqliteGrainStorageOptions</c>.</param>
    /// <param name="whyAFile">Why an in-memory database will not do, for messages.</param>
    /// <param name="mustWrite">Refuse a read-only database.</param>
    public SqliteDatabaseFile(string? dataSource, TimeSpan busyTimeout, string owner, string optionsName, string whyAFile, bool mustWrite)
    {
        if (string.IsNullOrWhiteSpace(dataSource))
        {
            throw new ArgumentException($"{owner} a database file path or connection string ({optionsName}.DataSource).", "options");
        }

        if (busyTimeout <= TimeSpan.Zero || busyTimeout > TimeSpan.FromMilliseconds(int.MaxValue))
        {
            throw new ArgumentOutOfRangeException("options", busyTimeout, $"{optionsName}.BusyTimeout must be positive.");
        }

        var builder = dataSource.Contains('=', StringComparison.Ordinal)
            ? new SqliteConnectionStringBuilder(dataSource)
            : new SqliteConnectionStringBuilder { DataSource = dataSource };
        if (string.IsNullOrWhiteSpace(builder.DataSource)
            || builder.DataSource.Equals(":memory:", StringComparison.Ordinal)
            || builder.Mode == SqliteOpenMode.Memory)
        {
            throw new ArgumentException($"{owner} a database file; '{dataSource}' is not one ({whyAFile}).", "options");
        }

        var readOnly = builder.Mode == SqliteOpenMode.ReadOnly;
        if (mustWrite && readOnly)
        {
            throw new ArgumentException($"'{dataSource}' opens the database read-only, but it is written to ({owner} a database it can write).", "options");
        }

        // Shared cache would make connections of this process share one lock and bypass WAL's readers-don't-block.
        builder.Cache = SqliteCacheMode.Private;
        builder.Pooling = true;
        builder.DefaultTimeout = (int)Math.Ceiling(busyTimeout.TotalSeconds);
        ConnectionString = builder.ToString();
        _busyTimeoutPragma = string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {(long)busyTimeout.TotalMilliseconds};");
        var isUri = builder.DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase);
        Path = isUri ? builder.DataSource : System.IO.Path.GetFullPath(builder.DataSource);

        // SQLite creates the file but not its directory.
        if (!isUri && !readOnly && System.IO.Path.GetDirectoryName(Path) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }
    }

    /// <summary>The connection string every connection to the file uses.</summary>
    public string ConnectionString { get; }

    /// <summary>The full path of the database file (or the <c>file:</c> URI as given).</summary>
    public string Path { get; }

    /// <summary>Opens a pooled connection with the busy timeout set.</summary>
    public async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

            // SQLite's own busy handler backs off in milliseconds; without it the provider polls every 150 ms.
            // A pooled connection keeps the setting, but telling which one is new costs more than this statement.
            var command = connection.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                command.CommandText = _busyTimeoutPragma;
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
