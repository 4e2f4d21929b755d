using System.Text;
using Orleans.Pipeline.Tasks.Tests.Support;

namespace Orleans.Pipeline.Tasks.Tests;

public class PackedFileTaskOutputsTests
{
    [Fact]
    public async Task CompleteAsync_SmallOutputsOfManyLabels_ShareOnePackFileAndEachRangeHoldsItsBytes()
    {
        using var scratch = new ScratchDirectory();
        var outputs = new PackedFileTaskOutputs(scratch.GetPath("out"));
        for (var label = 0; label < 64; label++)
        {
            await using var writer = outputs.OpenWrite(label);
            await writer.WriteAsync(Encoding.UTF8.GetBytes($"payload of {label}\n"));
        }

        var recorded = await outputs.CompleteAsync();

        Assert.Equal([outputs.PackPath], Directory.GetFiles(outputs.Directory));
        Assert.Equal(Enumerable.Range(0, 64), recorded.Select(o => o.Label));
        foreach (var output in recorded)
        {
            Assert.True(FileSegment.TryParse(output.Location, out var segment), output.Location);
            Assert.Equal(outputs.PackPath, segment.Path);
            Assert.Equal(output.Size, segment.Length);
            Assert.Equal($"payload of {output.Label}\n", await ReadAsync(output));
        }
    }

    [Fact]
    public async Task CompleteAsync_OneSmallOutput_IsRecordedAsThePlainPathOfThePack()
    {
        using var scratch = new ScratchDirectory();
        var outputs = new PackedFileTaskOutputs(scratch.GetPath("out"));
        await using (var writer = outputs.OpenWrite(7))
        {
            writer.Write("42\n"u8);
        }

        var output = Assert.Single(await outputs.CompleteAsync());

        Assert.Equal(new TaskOutput(7, 3, outputs.PackPath), output);
        Assert.Equal("42\n", File.ReadAllText(output.Location));
    }

    [Fact]
    public async Task CompleteAsync_PackBesideTheDirectoryAndOnlySmallOutputs_CreatesThePackAndNoDirectory()
    {
        using var scratch = new ScratchDirectory();
        var outputs = new PackedFileTaskOutputs(scratch.GetPath("t4-a1"), scratch.GetPath("t4-a1.pack"));
        foreach (var label in new[] { 0, 1 })
        {
            await using var writer = outputs.OpenWrite(label);
            writer.Write("ab"u8);
        }

        var recorded = await outputs.CompleteAsync();

        Assert.Equal([scratch.GetPath("t4-a1.pack")], Directory.GetFileSystemEntries(scratch.Path));
        Assert.Equal([$"{scratch.GetPath("t4-a1.pack")}#0+2", $"{scratch.GetPath("t4-a1.pack")}#2+2"], recorded.Select(o => o.Location));
    }

    [Fact]
    public void Constructor_PackNotNamedDotPack_IsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => new PackedFileTaskOutputs("/data/t1-a1", "/data/t1-a1.out"));

        Assert.Contains("ends with '.pack'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompleteAsync_OutputPastTheLimit_GetsItsOwnFileWithEverythingWrittenBefore()
    {
        using var scratch = new ScratchDirectory();
        var outputs = new PackedFileTaskOutputs(scratch.GetPath("out"), smallOutputLimit: 16);
        await using (var small = outputs.OpenWrite(0))
        {
            small.Write("tiny"u8);
        }

        await using (var first = outputs.OpenWrite(1))
        {
            first.Write("0123456789"u8);
        }

        await using (var second = outputs.OpenWrite(1))
        {
            second.Write("abcdef"u8);
            second.Write("ghijkl"u8);
        }

        var recorded = await outputs.CompleteAsync();

        Assert.Equal(new TaskOutput(1, 22, outputs.GetPath(1)), recorded[1]);
        Assert.Equal("0123456789abcdefghijkl", File.ReadAllText(outputs.GetPath(1)));
        Assert.Equal("tiny", await ReadAsync(recorded[0]));
    }

    [Fact]
    public async Task CompleteAsync_LabelWrittenAgainBetweenOthers_IsOneContiguousRange()
    {
        using var scratch = new ScratchDirectory();
        var outputs = new PackedFileTaskOutputs(scratch.GetPath("out"));
        foreach (var (label, text) in new[] { (2, "a1 "), (3, "b1 "), (2, "a2 "), (3, "b2 "), (2, "a3") })
        {
            await using var writer = outputs.OpenWrite(label);
            writer.Write(Encoding.UTF8.GetBytes(text));
        }

        var recorded = await outputs.CompleteAsync();

        Assert.Equal(["a1 a2 a3", "b1 b2 "], await Task.WhenAll(recorded.Select(ReadAsync)));
        Assert.Equal([8L, 6L], recorded.Select(o => o.Size));
    }

    [Fact]
    public async Task OpenWrite_SeveralLabelsOpenAtOnce_KeepsEachLabelsBytesTogether()
    {
        using var scratch = new ScratchDirectory();
        var outputs = new PackedFileTaskOutputs(scratch.GetPath("out"));
        var writers = Enumerable.Range(0, 3).Select(outputs.OpenWrite).ToArray();
        for (var round = 0; round < 3; round++)
        {
            for (var label = 0; label < 3; label++)
            {
                await writers[label].WriteAsync(Encoding.UTF8.GetBytes($"{label}{round}"));
            }
        }

        await writers[1].DisposeAsync();
        var recorded = await outputs.CompleteAsync();

        Assert.Equal(["000102", "101112", "202122"], await Task.WhenAll(recorded.Select(ReadAsync)));
    }

    [Fact]
    public async Task CompleteAsync_LabelOpenedButNotWritten_IsAnEmptyOutput()
    {
        using var scratch = new ScratchDirectory();
        var outputs = new PackedFileTaskOutputs(scratch.GetPath("out"));
        outputs.OpenWrite(5).Dispose();
        await using (var writer = outputs.OpenWrite(6))
        {
            writer.Write("x"u8);
        }

        var recorded = await outputs.CompleteAsync();

        Assert.Equal([0L, 1L], recorded.Select(o => o.Size));
        Assert.Equal(["", "x"], await Task.WhenAll(recorded.Select(ReadAsync)));
    }

    [Fact]
    public async Task CompleteAsync_NothingWritten_CreatesNoFileAndNoOutput()
    {
        using var scratch = new ScratchDirectory();
        var outputs = new PackedFileTaskOutputs(scratch.GetPath("out"));

        Assert.Empty(await outputs.CompleteAsync());
        Assert.False(Directory.Exists(outputs.Directory));
    }

    [Fact]
    public async Task OpenWrite_LeftoverPackOfAnEarlierAttempt_StartsThePackEmpty()
    {
        using var scratch = new ScratchDirectory();
        scratch.WriteFile(Path.Combine("out", PackedFileTaskOutputs.DefaultPackFileName), "stale content");
        var outputs = new PackedFileTaskOutputs(scratch.GetPath("out"));
        await using (var writer = outputs.OpenWrite(0))
        {
            writer.Write("new"u8);
        }

        var output = Assert.Single(await outputs.CompleteAsync());

        Assert.Equal("new", File.ReadAllText(output.Location));
    }

    [Fact]
    public async Task AddFileAsync_OwnedFileThenAnother_MovesTheFirstAndAppendsTheSecond()
    {
        using var scratch = new ScratchDirectory();
        var first = scratch.WriteFile("first", "one\n");
        var second = scratch.WriteFile("second", "two\n");
        var outputs = new PackedFileTaskOutputs(scratch.GetPath("out"));

        await outputs.AddFileAsync(1, first, deleteSource: true);
        await outputs.AddFileAsync(1, second, deleteSource: false);
        var recorded = await outputs.CompleteAsync();

        Assert.Equal([new TaskOutput(1, 8, outputs.GetPath(1))], recorded);
        Assert.Equal("one\ntwo\n", File.ReadAllText(outputs.GetPath(1)));
        Assert.False(File.Exists(first));
        Assert.True(File.Exists(second));
    }

    [Fact]
    public void OpenWrite_LabelAlreadyOpen_Throws()
    {
        using var scratch = new ScratchDirectory();
        var outputs = new PackedFileTaskOutputs(scratch.Path);
        using var first = outputs.OpenWrite(1);

        var error = Assert.Throws<InvalidOperationException>(() => outputs.OpenWrite(1));

        Assert.Contains("Output 1 already has an open writer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompleteAsync_WriterStillOpen_ClosesItAndKeepsWhatWasWritten()
    {
        using var scratch = new ScratchDirectory();
        var outputs = new PackedFileTaskOutputs(scratch.GetPath("out"));
        var writer = outputs.OpenWrite(0);
        writer.Write("kept"u8);

        var output = Assert.Single(await outputs.CompleteAsync());

        Assert.Equal("kept", await ReadAsync(output));
        Assert.Throws<ObjectDisposedException>(() => writer.WriteByte(1));
        Assert.Throws<InvalidOperationException>(() => outputs.OpenWrite(1));
    }

    [Fact]
    public async Task DiscardAsync_PackAndOwnFiles_DeletesThemAll()
    {
        using var scratch = new ScratchDirectory();
        var outputs = new PackedFileTaskOutputs(scratch.GetPath("out"), smallOutputLimit: 4);
        await using (var small = outputs.OpenWrite(0))
        {
            small.Write("ab"u8);
        }

        await using (var large = outputs.OpenWrite(1))
        {
            large.Write("abcdefgh"u8);
        }

        Assert.Equal(2, Directory.GetFiles(outputs.Directory).Length);

        await outputs.DiscardAsync();

        Assert.Empty(Directory.GetFiles(outputs.Directory));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await outputs.CompleteAsync());
    }

    [Fact]
    public async Task DiscardAsync_NothingWritten_Succeeds()
    {
        using var scratch = new ScratchDirectory();
        var outputs = new PackedFileTaskOutputs(scratch.GetPath("out"));

        await outputs.DiscardAsync();

        Assert.False(Directory.Exists(outputs.Directory));
    }

    private static async Task<string> ReadAsync(TaskOutput output)
    {
        var segment = FileSegment.TryParse(output.Location, out var range) ? range : new FileSegment(output.Location, 0, output.Size);
        await using var stream = await new FileSegmentTaskInput(output.Label, segment).OpenReadAsync();
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }
}
