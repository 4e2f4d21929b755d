using Orleans.Pipeline.Runtime.Serialization;

namespace Orleans.Pipeline.Runtime.Persistence;

/// <summary>
/// <see cref="IPersistentState{TState}"/> over an <see cref="IGrainStorage"/>, with the generated serializer of
/// <typeparamref name="TState"/>. The ETag is the storage's row version: a stale write fails, nothing is lost.
/// </summary>
internal sealed class PersistentState<TState>(GrainStateKey key, IGrainStorage storage, IGrainFactory grainFactory)
    : IPersistentState<TState>, IPersistentStateLoader
{
    private TState _state = CreateDefault();

    public TState State
    {
        get => _state;
        set => _state = value;
    }

    public string? Etag { get; private set; }

    public bool RecordExists { get; private set; }

    public async Task ReadStateAsync()
    {
        var record = await storage.ReadAsync(key);
        if (record is null)
        {
            _state = CreateDefault();
            Etag = null;
            RecordExists = false;
            return;
        }

        _state = Serializer.Deserialize<TState>(record.Data, grainFactory);
        Etag = record.Etag;
        RecordExists = true;
    }

    public async Task WriteStateAsync()
    {
        var data = Serializer.Serialize(_state);
        Etag = await storage.WriteAsync(key, data, Etag);
        RecordExists = true;
    }

    public async Task ClearStateAsync()
    {
        await storage.ClearAsync(key, Etag);
        Etag = null;
        RecordExists = false;
        _state = CreateDefault();
    }

    private static TState CreateDefault() =>
        typeof(TState).IsValueType || typeof(TState).GetConstructor(Type.EmptyTypes) is null
            ? default!
            : Activator.CreateInstance<TState>();
}
