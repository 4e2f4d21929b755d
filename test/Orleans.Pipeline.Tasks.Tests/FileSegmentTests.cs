using Orleans.Pipeline.Tasks.Tests.Support;

namespace Orleans.Pipeline.Tasks.Tests;

public class FileSegmentTests
{
    [Fact]
    public void TryParse_LocationItWrote_GivesTheSameRange()
    {
        var segment = new FileSegment("/data/jobs/j/t3-a1.pack", 4096, 64);

        Assert.Equal("/data/jobs/j/t3-a1.pack#4096+64", segment.ToLocation());
        Assert.True(FileSegment.TryParse(segment.ToLocation(), out var parsed));
        Assert.Equal(segment, parsed);
    }

    [Theory]
    [InlineData("/data/inputs/part-1.txt")]
    [InlineData("/data/inputs/notes#12+3")]
    [InlineData("/data/out/outputs.pack")]
    [InlineData("/data/out/outputs.packed#1+2")]
    [InlineData("/data/out/outputs.pack#12")]
    [InlineData("/data/out/outputs.pack#-1+3")]
    [InlineData("/data/out/outputs.pack#1+x")]
    public void TryParse_AnythingElse_IsNotARange(string location)
    {
        Assert.False(FileSegment.TryParse(location, out _));
    }

    [Fact]
    public void Open_PlainPath_IsTheWholeFile()
    {
        using var scratch = new ScratchDirectory();
        var path = scratch.WriteFile("whole.txt", "0123456789");

        var segment = FileSegment.Open(path, out var handle);
        handle.Dispose();

        Assert.Equal(new FileSegment(path, 0, 10), segment);
    }

    [Fact]
    public void Open_MissingFile_NamesItInAFileNotFoundException()
    {
        using var scratch = new ScratchDirectory();
        var location = new FileSegment(scratch.GetPath(Path.Combine("gone", PackedFileTaskOutputs.DefaultPackFileName)), 0, 4).ToLocation();

        var error = Assert.Throws<FileNotFoundException>(() => FileSegment.Open(location, out _));

        Assert.Equal($"'{scratch.GetPath(Path.Combine("gone", PackedFileTaskOutputs.DefaultPackFileName))}' does not exist.", error.Message);
    }

    [Fact]
    public void Open_RangePastTheEndOfTheFile_SaysTheFileChanged()
    {
        using var scratch = new ScratchDirectory();
        var path = scratch.WriteFile(PackedFileTaskOutputs.DefaultPackFileName, "short");

        var error = Assert.Throws<InvalidDataException>(() => new FileSegment(path, 2, 10).Open());

        Assert.Contains("holds 5", error.Message, StringComparison.Ordinal);
    }
}
