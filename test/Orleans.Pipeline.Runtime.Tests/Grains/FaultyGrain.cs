namespace Orleans.Pipeline.Runtime.Tests.Grains;

public sealed class FaultyGrain : Grain, IFaultyGrain
{
    public Task<int> NeverAnswerAsync() => new TaskCompletionSource<int>().Task;

    public async Task ThrowAsync(string message, bool afterAwait)
    {
        if (afterAwait)
        {
            await Task.Yield();
        }

        throw new ArgumentOutOfRangeException(nameof(message), message);
    }

    public Task<int> PingAsync(int value) => Task.FromResult(value + 1);
}
