using Orleans.Pipeline.Runtime.Streams;

namespace Orleans.Pipeline.Runtime.Tests.Streams.Grains;

/// <summary>An observer that records what it is handed into a <see cref="ConsumerRecord"/>.</summary>
public sealed class RecordingObserver(ConsumerRecord record) : IAsyncObserver<StreamTestItem>
{
    public Task OnNextAsync(StreamTestItem item, StreamSequenceToken? token = null)
    {
        record.Received(item, token ?? throw new ArgumentNullException(nameof(token)));
        return Task.CompletedTask;
    }

    public Task OnCompletedAsync()
    {
        record.Completed();
        return Task.CompletedTask;
    }

    public Task OnErrorAsync(Exception error)
    {
        record.Failed(error);
        return Task.CompletedTask;
    }
}
