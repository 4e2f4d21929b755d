namespace Orleans.Pipeline.Tasks.Tests;

public class MemoryTaskOutputsTests
{
    [Fact]
    public async Task AddFileAsync_ThroughTheContractsDefault_AppendsTheFileAndDeletesIt()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, "from a file");
        ITaskOutputs outputs = new MemoryTaskOutputs();
        await using (var writer = outputs.OpenWrite(1))
        {
            writer.Write("head: "u8);
        }

        await outputs.AddFileAsync(1, path, deleteSource: true);
        var recorded = await outputs.CompleteAsync();

        Assert.Equal("head: from a file", ((MemoryTaskOutputs)outputs).GetText(1));
        Assert.Equal([new TaskOutput(1, 17, "memory:1")], recorded);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void GetText_LabelNeverWritten_ThrowsListingTheLabelsWritten()
    {
        var outputs = new MemoryTaskOutputs();
        outputs.OpenWrite(5).Dispose();

        var error = Assert.Throws<KeyNotFoundException>(() => outputs.GetText(2));

        Assert.Contains("labels written: [5]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenWrite_NegativeLabel_Throws()
    {
        var outputs = new MemoryTaskOutputs();

        Assert.Throws<ArgumentOutOfRangeException>(() => outputs.OpenWrite(-1));
    }
}
