using Orleans.Pipeline.Tasks.BuiltIns;
using Orleans.Pipeline.Tasks.Tests.Support;

namespace Orleans.Pipeline.Tasks.Tests.BuiltIns;

public class ByteHistogramFunctionTests
{
    [Fact]
    public async Task RunAsync_Bytes_Writes256LinesWithEveryCount()
    {
        byte[] first = [0, 1, 1, 255, (byte)'a'];
        byte[] second = [1, 255, 7];

        var (outputs, recorded) = await TaskRunner.RunAsync(
            new ByteHistogramFunction(), [new MemoryTaskInput(0, first), new MemoryTaskInput(9, second)], groupLabel: 3);

        var expected = Enumerable.Range(0, 256).Select(b => b switch
        {
            0 => "0\t1",
            1 => "1\t3",
            7 => "7\t1",
            97 => "97\t1",
            255 => "255\t2",
            _ => $"{b}\t0",
        });
        Assert.Equal(expected, TaskRunner.Lines(outputs.GetText(3)));
        Assert.Equal([3], recorded.Select(o => o.Label));
    }

    [Fact]
    public async Task RunAsync_LargeInput_CountsMatchAReferenceCount()
    {
        var data = new byte[2_500_003];
        new Random(11).NextBytes(data);
        var reference = new long[256];
        foreach (var b in data)
        {
            reference[b]++;
        }

        var (outputs, _) = await TaskRunner.RunAsync(new ByteHistogramFunction(), [new MemoryTaskInput(0, data)]);

        Assert.Equal(reference.Select((count, b) => $"{b}\t{count}"), TaskRunner.Lines(outputs.GetText(0)));
    }
}
