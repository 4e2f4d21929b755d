using Orleans.Pipeline.Tasks;

namespace Orleans.Pipeline.Grains.Brokers;

/// <summary>
/// An input held by another silo: fetched whole with the task's other small inputs from that silo when it is small
/// (<see cref="RemoteInputBatch"/>), otherwise read through that silo's broker in chunks, streamed, never loaded whole.
/// </summary>
internal sealed class RemoteTaskInput(int label, string node, RemoteInputBatch batch, int index) : TaskInput(label)
{
    public override string Location => $"{node}:{batch[index]}";

    public override async ValueTask<Stream> OpenReadAsync(CancellationToken cancellationToken = default)
    {
        var content = await batch.TakeAsync(index, cancellationToken).ConfigureAwait(false);
        return content is null
            ? new RemoteOutputStream(batch.Holder, batch[index])
            : new MemoryStream(content, writable: false);
    }
}
