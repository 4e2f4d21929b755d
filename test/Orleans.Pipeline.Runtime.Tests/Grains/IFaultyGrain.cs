namespace Orleans.Pipeline.Runtime.Tests.Grains;

public interface IFaultyGrain : IGrainWithIntegerKey
{
    /// <summary>Never completes.</summary>
    Task<int> NeverAnswerAsync();

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> with <paramref name="message"/>, synchronously or after an await.</summary>
    Task ThrowAsync(string message, bool afterAwait);

    Task<int> PingAsync(int value);
}
