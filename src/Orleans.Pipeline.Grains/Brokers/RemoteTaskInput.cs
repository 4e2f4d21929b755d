using Orleans.Pipeline.Jobs;
using Orleans.Pipeline.Tasks;

namespace Orleans.Pipeline.Grains.Brokers;

/// <summary>An input held by another silo, read through that silo's broker in chunks: streamed, never loaded whole.</summary>
internal sealed class RemoteTaskInput(int label, string node, string path, IBrokerGrain holder) : TaskInput(label)
{
    public override string Location => $"{node}:{path}";

    public override ValueTask<Stream> OpenReadAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<Stream>(new RemoteOutputStream(holder, path));
}
