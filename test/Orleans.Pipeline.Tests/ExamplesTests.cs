using Orleans.Pipeline.Groupings;
using Orleans.Pipeline.Specs;

namespace Orleans.Pipeline.Tests;

/// <summary>The job files in examples/ (copied next to the tests) must read and validate as they are.</summary>
public sealed class ExamplesTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "examples");

    public static TheoryData<string> Files() => new(FileNames());

    private static IEnumerable<string> FileNames() =>
        Directory.EnumerateFiles(Folder)
            .Where(f => JobSpecReader.TryGetFormat(f, out _))
            .Select(f => Path.GetFileName(f))
            .Order(StringComparer.Ordinal);

    private static SpecResult Read(string fileName)
    {
        Assert.True(JobSpecReader.TryGetFormat(fileName, out var format));
        return JobSpecReader.Read(File.ReadAllText(Path.Combine(Folder, fileName)), format, TestFunctions.Instance);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Read_ExampleFile_IsValid(string fileName)
    {
        var result = Read(fileName);

        Assert.Empty(result.Problems.Select(p => p.ToString()));
        Assert.NotNull(result.Spec);
        Assert.NotEmpty(result.Spec.Stages);
    }

    [Fact]
    public void Files_Examples_CoverBothFormatsAndTheJobsTheReadmeNames()
    {
        var names = FileNames().ToList();

        Assert.Contains("wordcount.yaml", names);
        Assert.Contains("wordcount.json", names);
        Assert.Contains("sort.json", names);
        Assert.Contains("join.yaml", names);
        Assert.True(names.Count >= 6, $"only {names.Count} example files");
    }

    [Fact]
    public void Read_WordcountYamlAndJson_AreTheSameJob()
    {
        Assert.Equal(Read("wordcount.yaml").Spec, Read("wordcount.json").Spec);
    }

    [Fact]
    public void Group_WordcountInputs_MakeOneMapTaskPerInputRunAnywhere()
    {
        var spec = Read("wordcount.yaml").GetSpecOrThrow();
        var inputs = spec.Inputs.Select((input, i) => new StageInput($"input-{i}", input.Label, input.Locations));

        var map = StageGrouper.Group(spec.Stages[0].Grouping, inputs, ["silo0", "silo1"], firstTaskId: 0);

        Assert.Equal(3, map.Groups.Count);
        Assert.All(map.Groups, g => Assert.Equal(GroupKey.OffClusterNode, g.Node));
        Assert.Equal("4", spec.Stages[0].Task.Params["partitions"]);
    }

    [Fact]
    public void Read_JoinExample_HasTwoLabeledInputSets()
    {
        var spec = Read("join.yaml").GetSpecOrThrow();

        Assert.Equal([0, 1], spec.Inputs.Select(i => i.Label).Distinct().Order());
        Assert.Equal([Grouping.GroupAll], spec.Stages.Select(s => s.Grouping));
    }
}
