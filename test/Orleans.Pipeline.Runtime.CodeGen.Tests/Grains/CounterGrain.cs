namespace Orleans.Pipeline.Runtime.CodeGen.Tests.Grains;

public sealed class CounterGrain : Grain, ICounterGrain
{
    private int _value;

    public Task<int> AddAsync(int amount)
    {
        _value += amount;
        return Task.FromResult(_value);
    }

    public Task ResetAsync()
    {
        _value = 0;
        return Task.CompletedTask;
    }

    public ValueTask<int> GetAsync() => new(_value);

    public ValueTask FailAsync(string message) => throw new InvalidOperationException(message);
}
