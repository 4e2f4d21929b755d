using System.Data.Common;
using Orleans.Pipeline.Runtime.Persistence;

namespace Orleans.Pipeline.Runtime.Storage.Tests;

/// <summary>
/// A dialect that hands everything to a real one, but can hold the next connection the storage opens. While the
/// storage's writer waits there, inside a batch, the writes a test issues pile up in its queue: the test then knows
/// exactly which writes share the next transaction, without depending on timing.
/// </summary>
internal sealed class PausableStorageDialect(AdoNetStorageDialect inner) : AdoNetStorageDialect(inner.TableName)
{
    private ConnectionHold? _hold;

    public override string Name => inner.Name;

    public override bool BlocksCallingThread => inner.BlocksCallingThread;

    public override string ReadSql => inner.ReadSql;

    public override string ReadVersionSql => inner.ReadVersionSql;

    public override string InsertSql => inner.InsertSql;

    public override string UpdateSql => inner.UpdateSql;

    public override string DeleteSql => inner.DeleteSql;

    /// <summary>Holds the next <see cref="OpenConnectionAsync"/> until the returned hold is released.</summary>
    public ConnectionHold HoldNextConnection()
    {
        var hold = new ConnectionHold();
        Assert.Null(Interlocked.Exchange(ref _hold, hold));
        return hold;
    }

    public override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _hold, null) is { } hold)
        {
            await hold.WaitAsync(cancellationToken);
        }

        return await inner.OpenConnectionAsync(cancellationToken);
    }

    public override Task CreateSchemaAsync(DbConnection connection, CancellationToken cancellationToken) =>
        inner.CreateSchemaAsync(connection, cancellationToken);

    public override ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        inner.BeginWriteAsync(connection, cancellationToken);

    public override bool IsOperationFault(DbException exception) => inner.IsOperationFault(exception);

    public override object ToPayloadValue(ReadOnlyMemory<byte> data) => inner.ToPayloadValue(data);

    protected override async ValueTask DisposeAsyncCore() => await inner.DisposeAsync();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>One held connection: <see cref="Reached"/> completes when the storage waits on it.</summary>
    internal sealed class ConnectionHold
    {
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Reached => _reached.Task;

        public void Release() => _released.TrySetResult();

        internal Task WaitAsync(CancellationToken cancellationToken)
        {
            _reached.TrySetResult();
            return _released.Task.WaitAsync(cancellationToken);
        }
    }
}
