namespace Orleans.Pipeline.Tasks.Tests;

public class TaskInputChannelTests
{
    [Fact]
    public async Task ReadAllAsync_InputsAddedWhileReading_YieldsThemAndCompletesAfterComplete()
    {
        var channel = new TaskInputChannel();
        var first = MemoryTaskInput.FromText(0, "a");
        var second = MemoryTaskInput.FromText(1, "b");
        var enumerator = channel.ReadAllAsync().GetAsyncEnumerator();

        var next = enumerator.MoveNextAsync();
        Assert.False(next.IsCompleted);
        channel.Add(first);
        Assert.True(await next);
        Assert.Same(first, enumerator.Current);

        next = enumerator.MoveNextAsync();
        Assert.False(next.IsCompleted);
        channel.Add(second);
        Assert.True(await next);
        Assert.Same(second, enumerator.Current);

        next = enumerator.MoveNextAsync();
        Assert.True(channel.Complete());
        Assert.False(await next);
    }

    [Fact]
    public async Task ReadAllAsync_Failed_ThrowsTheErrorAfterTheInputsAlreadyAdded()
    {
        var channel = new TaskInputChannel();
        channel.Add(MemoryTaskInput.FromText(3, "a"));
        channel.Fail(new TaskErrorException("input lost"));
        var labels = new List<int>();

        var error = await Assert.ThrowsAsync<TaskErrorException>(async () =>
        {
            await foreach (var input in channel.ReadAllAsync())
            {
                labels.Add(input.Label);
            }
        });

        Assert.Equal([3], labels);
        Assert.Equal("input lost", error.Message);
    }

    [Fact]
    public void Add_AfterComplete_ThrowsNamingTheInput()
    {
        var channel = new TaskInputChannel();
        channel.Complete();

        var error = Assert.Throws<InvalidOperationException>(() => channel.Add(MemoryTaskInput.FromText(2, "late", "late-one")));

        Assert.Contains("memory:late-one", error.Message, StringComparison.Ordinal);
        Assert.False(channel.Complete());
    }

    [Fact]
    public void ReadAllAsync_SecondReader_Throws()
    {
        var channel = new TaskInputChannel();
        _ = channel.ReadAllAsync();

        Assert.Throws<InvalidOperationException>(() => channel.ReadAllAsync());
    }
}
