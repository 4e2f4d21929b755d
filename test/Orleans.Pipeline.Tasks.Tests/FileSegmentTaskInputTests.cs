using Orleans.Pipeline.Tasks.Tests.Support;

namespace Orleans.Pipeline.Tasks.Tests;

public class FileSegmentTaskInputTests
{
    [Fact]
    public async Task OpenReadAsync_RangeInTheMiddle_ReadsExactlyItsBytes()
    {
        using var scratch = new ScratchDirectory();
        var path = scratch.WriteFile(PackedFileTaskOutputs.DefaultPackFileName, "aaaaBBBBBBcccc");
        var input = new FileSegmentTaskInput(3, new FileSegment(path, 4, 6));

        await using var stream = await input.OpenReadAsync();
        var buffer = new byte[4];
        var first = await stream.ReadAsync(buffer);
        var second = await stream.ReadAsync(buffer);
        var end = await stream.ReadAsync(buffer);

        Assert.Equal((4, 2, 0), (first, second, end));
        Assert.Equal("BB", System.Text.Encoding.ASCII.GetString(buffer, 0, second));
        Assert.Equal(6, stream.Length);
        Assert.Equal($"{path}#4+6", input.Location);
        Assert.Null(input.LocalPath);
    }

    [Fact]
    public async Task OpenReadAsync_LargeRangeReadInLargeChunks_ReadsExactlyItsBytes()
    {
        using var scratch = new ScratchDirectory();
        var content = new byte[300_000];
        new Random(5).NextBytes(content);
        var path = scratch.GetPath(PackedFileTaskOutputs.DefaultPackFileName);
        await File.WriteAllBytesAsync(path, content);
        var input = new FileSegmentTaskInput(0, new FileSegment(path, 1000, 250_000));

        await using var stream = await input.OpenReadAsync();
        using var copy = new MemoryStream();
        var buffer = new byte[128 * 1024];
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            copy.Write(buffer, 0, read);
        }

        Assert.Equal(content.AsSpan(1000, 250_000).ToArray(), copy.ToArray());
    }

    [Fact]
    public async Task OpenReadAsync_FileDeleted_FailsNamingTheFile()
    {
        using var scratch = new ScratchDirectory();
        var path = scratch.GetPath(PackedFileTaskOutputs.DefaultPackFileName);
        var input = new FileSegmentTaskInput(0, new FileSegment(path, 0, 1));

        var error = await Assert.ThrowsAsync<FileNotFoundException>(async () => await input.OpenReadAsync());

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }
}
