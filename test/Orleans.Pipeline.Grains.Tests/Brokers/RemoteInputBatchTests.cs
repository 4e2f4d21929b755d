using Orleans.Pipeline.Grains.Brokers;
using Orleans.Pipeline.Groupings;
using Orleans.Pipeline.Jobs;

namespace Orleans.Pipeline.Grains.Tests.Brokers;

/// <summary>How a task's inputs on another silo are fetched: together when small, in chunks when large.</summary>
public sealed class RemoteInputBatchTests
{
    [Fact]
    public async Task OpenReadAsync_SmallInputsOfOneHolder_AreFetchedInOneCall()
    {
        var holder = new FakeHolder { ["/a"] = Bytes(64, 1), ["/b"] = Bytes(64, 2), ["/c"] = Bytes(0, 0) };
        var inputs = Inputs(holder, "/a", "/b", "/c");

        var contents = new List<byte[]>();
        foreach (var input in inputs)
        {
            contents.Add(await ReadAllAsync(input));
        }

        Assert.Equal([holder["/a"], holder["/b"], holder["/c"]], contents);
        Assert.Equal([["/a", "/b", "/c"]], holder.BatchCalls);
        Assert.Empty(holder.ChunkCalls);
    }

    [Fact]
    public async Task OpenReadAsync_BatchSpentPartWay_AsksAgainFromTheFirstInputNotFetched()
    {
        var holder = new FakeHolder { AnswersPerBatch = 2, ["/a"] = Bytes(8, 1), ["/b"] = Bytes(8, 2), ["/c"] = Bytes(8, 3), ["/d"] = Bytes(8, 4), ["/e"] = Bytes(8, 5) };
        var inputs = Inputs(holder, "/a", "/b", "/c", "/d", "/e");

        foreach (var input in inputs)
        {
            Assert.Equal(holder[input.Location[(input.Location.IndexOf(':', StringComparison.Ordinal) + 1)..]], await ReadAllAsync(input));
        }

        Assert.Equal([["/a", "/b", "/c", "/d", "/e"], ["/c", "/d", "/e"], ["/e"]], holder.BatchCalls);
    }

    [Fact]
    public async Task OpenReadAsync_InputTooLargeForTheBatch_IsStreamedInChunks()
    {
        var large = Bytes((2 * RemoteOutputStream.ChunkSize) + 100, 7);
        var holder = new FakeHolder { ["/small"] = Bytes(10, 1), ["/large"] = large };
        var inputs = Inputs(holder, "/large", "/small");

        var read = await ReadAllAsync(inputs[0]);

        Assert.Equal(large, read);
        Assert.Equal([("/large", 0L), ("/large", RemoteOutputStream.ChunkSize), ("/large", 2L * RemoteOutputStream.ChunkSize)], holder.ChunkCalls);
        Assert.Equal(holder["/small"], await ReadAllAsync(inputs[1]));
        Assert.Single(holder.BatchCalls);
    }

    [Fact]
    public async Task OpenReadAsync_SameInputTwice_FetchedContentIsLetGoAndTheSecondReadIsStreamed()
    {
        var holder = new FakeHolder { ["/a"] = Bytes(100, 3) };
        var input = Assert.Single(Inputs(holder, "/a"));

        var first = await ReadAllAsync(input);
        var second = await ReadAllAsync(input);

        Assert.Equal(holder["/a"], first);
        Assert.Equal(holder["/a"], second);
        Assert.Single(holder.BatchCalls);
        Assert.Equal([("/a", 0L)], holder.ChunkCalls);
    }

    private static RemoteTaskInput[] Inputs(FakeHolder holder, params string[] locations)
    {
        var batch = new RemoteInputBatch(holder, locations);
        return [.. locations.Select((_, i) => new RemoteTaskInput(0, "silo9", batch, i))];
    }

    private static async Task<byte[]> ReadAllAsync(RemoteTaskInput input)
    {
        await using var stream = await input.OpenReadAsync();
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    private static byte[] Bytes(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>A holder's broker serving files from memory and recording the calls it gets.</summary>
    private sealed class FakeHolder : IBrokerGrain, IEnumerable<KeyValuePair<string, byte[]>>
    {
        private readonly Dictionary<string, byte[]> _files = [];

        public int AnswersPerBatch { get; init; } = int.MaxValue;

        public List<List<string>> BatchCalls { get; } = [];

        public List<(string Path, long Offset)> ChunkCalls { get; } = [];

        public byte[] this[string path]
        {
            get => _files[path];
            set => _files[path] = value;
        }

        public Task<OutputBatch> ReadOutputsAsync(List<string> locations, int maxBytes)
        {
            BatchCalls.Add([.. locations]);
            var contents = new List<byte[]?>();
            var left = maxBytes;
            foreach (var location in locations.Take(AnswersPerBatch))
            {
                var file = _files[location];
                if (file.Length > maxBytes)
                {
                    contents.Add(null);
                    continue;
                }

                if (file.Length > left)
                {
                    break;
                }

                contents.Add([.. file]);
                left -= file.Length;
            }

            return Task.FromResult(new OutputBatch(contents));
        }

        public Task<byte[]> ReadOutputAsync(string path, long offset, int count)
        {
            ChunkCalls.Add((path, offset));
            var file = _files[path];
            return Task.FromResult(file.AsSpan((int)Math.Min(offset, file.Length), (int)Math.Min(count, file.Length - Math.Min(offset, file.Length))).ToArray());
        }

        public Task StartTaskAsync(TaskAssignment assignment) => throw new NotSupportedException();

        public Task<bool> HasTaskAsync(string jobId, int taskId, int attempt) => throw new NotSupportedException();

        public Task CancelTaskAsync(string jobId, int taskId, int attempt) => throw new NotSupportedException();

        public Task CancelJobAsync(string jobId) => throw new NotSupportedException();

        public Task DeleteJobAsync(string jobId) => throw new NotSupportedException();

        public Task<BrokerStatus> GetStatusAsync() => throw new NotSupportedException();

        public IEnumerator<KeyValuePair<string, byte[]>> GetEnumerator() => _files.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
