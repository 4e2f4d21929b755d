using Orleans.Pipeline.Tasks.Tests.Support;

namespace Orleans.Pipeline.Tasks.Tests;

public class FileTaskOutputsTests
{
    [Fact]
    public async Task CompleteAsync_WritesToSeveralLabels_RecordsEachFileWithItsSize()
    {
        using var scratch = new ScratchDirectory();
        var outputs = new FileTaskOutputs(scratch.GetPath("out"));

        await using (var two = outputs.OpenWrite(2))
        {
            await two.WriteAsync("hello"u8.ToArray());
        }

        await using (var two = outputs.OpenWrite(2))
        {
            await two.WriteAsync(" world"u8.ToArray());
        }

        outputs.OpenWrite(0).Dispose();
        var recorded = await outputs.CompleteAsync();

        Assert.Equal(
            [new TaskOutput(0, 0, outputs.GetPath(0)), new TaskOutput(2, 11, outputs.GetPath(2))],
            recorded);
        Assert.Equal("hello world", File.ReadAllText(outputs.GetPath(2)));
    }

    [Fact]
    public void OpenWrite_LabelAlreadyOpen_Throws()
    {
        using var scratch = new ScratchDirectory();
        var outputs = new FileTaskOutputs(scratch.Path);
        using var first = outputs.OpenWrite(1);

        var error = Assert.Throws<InvalidOperationException>(() => outputs.OpenWrite(1));

        Assert.Contains("Output 1 already has an open writer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenWrite_LeftoverFileOfAnEarlierAttempt_StartsTheLabelEmpty()
    {
        using var scratch = new ScratchDirectory();
        File.WriteAllText(Path.Combine(scratch.Path, "output-4"), "stale");
        var outputs = new FileTaskOutputs(scratch.Path);

        await using (var writer = outputs.OpenWrite(4))
        {
            writer.WriteByte((byte)'x');
        }

        Assert.Equal(new TaskOutput(4, 1, outputs.GetPath(4)), Assert.Single(await outputs.CompleteAsync()));
    }

    [Fact]
    public async Task AddFileAsync_OwnedFileThenAnother_MovesTheFirstAndAppendsTheSecond()
    {
        using var scratch = new ScratchDirectory();
        var first = scratch.WriteFile("first", "one\n");
        var second = scratch.WriteFile("second", "two\n");
        var outputs = new FileTaskOutputs(scratch.GetPath("out"));

        await outputs.AddFileAsync(1, first, deleteSource: true);
        await outputs.AddFileAsync(1, second, deleteSource: false);
        var recorded = await outputs.CompleteAsync();

        Assert.Equal("one\ntwo\n", File.ReadAllText(outputs.GetPath(1)));
        Assert.Equal([new TaskOutput(1, 8, outputs.GetPath(1))], recorded);
        Assert.False(File.Exists(first));
        Assert.True(File.Exists(second));
    }

    [Fact]
    public async Task CompleteAsync_WriterStillOpen_ClosesItAndKeepsWhatWasWritten()
    {
        using var scratch = new ScratchDirectory();
        var outputs = new FileTaskOutputs(scratch.Path);
        var writer = outputs.OpenWrite(0);
        writer.Write("kept"u8);

        var recorded = await outputs.CompleteAsync();

        Assert.Equal(4, Assert.Single(recorded).Size);
        Assert.Throws<ObjectDisposedException>(() => writer.WriteByte(1));
        Assert.Throws<InvalidOperationException>(() => outputs.OpenWrite(1));
    }

    [Fact]
    public async Task DiscardAsync_AfterWrites_DeletesTheFiles()
    {
        using var scratch = new ScratchDirectory();
        var outputs = new FileTaskOutputs(scratch.Path);
        await using (var writer = outputs.OpenWrite(3))
        {
            writer.WriteByte(1);
        }

        await outputs.DiscardAsync();

        Assert.Empty(Directory.GetFiles(scratch.Path));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await outputs.CompleteAsync());
    }
}
