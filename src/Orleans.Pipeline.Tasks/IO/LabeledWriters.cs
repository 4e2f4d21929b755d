namespace Orleans.Pipeline.Tasks.IO;

/// <summary>
/// Buffered writers for several output labels of one task, each opened on first use and closed together, so a label
/// that receives nothing gets no output.
/// </summary>
internal sealed class LabeledWriters(ITaskOutputs outputs) : IAsyncDisposable
{
    private readonly Dictionary<int, (Stream Stream, BufferedOutput Output)> _writers = [];

    public BufferedOutput Get(int label)
    {
        if (_writers.TryGetValue(label, out var writer))
        {
            return writer.Output;
        }

        var stream = outputs.OpenWrite(label);
        var output = new BufferedOutput(stream);
        _writers.Add(label, (stream, output));
        return output;
    }

    public async ValueTask DisposeAsync()
    {
        List<Exception>? errors = null;
        foreach (var (stream, output) in _writers.Values)
        {
            try
            {
                await output.DisposeAsync().ConfigureAwait(false);
                await stream.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                (errors ??= []).Add(e);
            }
        }

        _writers.Clear();
        if (errors is not null)
        {
            throw new AggregateException("Closing the task's outputs failed.", errors);
        }
    }
}
