using Orleans.Pipeline.Runtime.Persistence;

namespace Orleans.Pipeline.Runtime.CodeGen.Tests.Support;

internal sealed class FakePersistentState<TState>(string stateName, string? storageName, TState initial) : IPersistentState<TState>
{
    public string StateName { get; } = stateName;

    public string? StorageName { get; } = storageName;

    public int Writes { get; private set; }

    public TState State { get; set; } = initial;

    public string? Etag { get; private set; }

    public bool RecordExists => Etag is not null;

    public Task ReadStateAsync() => Task.CompletedTask;

    public Task WriteStateAsync()
    {
        Writes++;
        Etag = Writes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Task.CompletedTask;
    }

    public Task ClearStateAsync()
    {
        Etag = null;
        return Task.CompletedTask;
    }
}
