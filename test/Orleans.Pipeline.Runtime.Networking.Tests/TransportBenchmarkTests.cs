using Xunit.Abstractions;

namespace Orleans.Pipeline.Runtime.Networking.Tests;

public sealed class TransportBenchmarkTests(ITestOutputHelper output)
{
    [Fact]
    [Trait("Category", "Benchmark")]
    public async Task RunAsync_SmallMessagesBothWays_DeliversEveryMessageInBatches()
    {
        var result = await TransportBenchmark.RunAsync(messageCount: 200_000, messageSize: 64, bidirectional: true);

        output.WriteLine(result.ToString());
        Assert.Equal(200_000, result.Messages);
        Assert.True(result.MessagesPerFrame > 1, $"frames should batch messages: {result}");
    }
}
