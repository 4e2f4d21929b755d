using Orleans.Pipeline.Specs;

namespace Orleans.Pipeline.Tests.Specs;

public sealed class JobSpecValidatorTests
{
    private static JobSpecBuilder ValidBuilder() =>
        JobSpec.Create("wc")
            .Input(0, Location.OnNode("silo0", "/data/a.txt"), Location.AtUrl("https://example.org/a.txt"))
            .Input(1, Location.Inline("some text"))
            .Stage("map", Grouping.Split, TaskRef.Function("wordcount_map", ("partitions", "8")))
            .Stage("reduce", Grouping.GroupLabel, TaskRef.Function("wordcount_reduce"))
            .Stage("total", Grouping.GroupAll, TaskRef.Function("sum"), concurrent: true);

    private static JobSpec Valid() => ValidBuilder().Build();

    private static IReadOnlyList<SpecProblem> Check(JobSpec spec) => JobSpecValidator.Validate(spec, TestFunctions.Instance);

    private static void AssertOnly(JobSpec spec, string path, string message)
    {
        var problem = Assert.Single(Check(spec));
        Assert.Equal(path, problem.Path);
        Assert.Equal(message, problem.Message);
    }

    private static JobSpec WithLocation(Location location) => Valid() with { Inputs = [new JobInput(0, [location])] };

    private static JobSpec WithTask(TaskRef task, bool concurrent = false) =>
        Valid() with { Stages = [new StageSpec("only", Grouping.GroupAll, task, concurrent)] };

    [Fact]
    public void Validate_ValidSpec_ReportsNothing()
    {
        Assert.Empty(Check(Valid()));
    }

    [Fact]
    public void Validate_NoStages_ReportsStagesNeedOne()
    {
        AssertOnly(Valid() with { Stages = [] }, "stages", "a job needs at least one stage");
    }

    [Fact]
    public void Validate_NoInputs_ReportsInputsNeedOne()
    {
        AssertOnly(Valid() with { Inputs = [] }, "inputs", "a job needs at least one input; add one with a label and locations");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Validate_EmptyJobName_ReportsName(string name)
    {
        AssertOnly(Valid() with { Name = name }, "name", "a job needs a name; use only letters, digits, '.', '_' and '-'");
    }

    [Theory]
    [InlineData("my job")]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData("wörd")]
    public void Validate_JobNameWithForbiddenCharacters_ReportsName(string name)
    {
        AssertOnly(Valid() with { Name = name }, "name", $"'{name}' cannot be a job name; use only letters, digits, '.', '_' and '-' (and not only dots)");
    }

    [Fact]
    public void Validate_JobNameTooLong_ReportsLength()
    {
        AssertOnly(Valid() with { Name = new string('a', 101) }, "name", "the name is 101 characters long; a job name has at most 100");
    }

    [Fact]
    public void Validate_NegativeLabel_ReportsLabel()
    {
        var spec = Valid() with { Inputs = [new JobInput(0, [Location.Inline("a")]), new JobInput(-1, [Location.Inline("b")])] };

        AssertOnly(spec, "inputs[1].label", "label -1 is negative; labels are whole numbers from 0 up");
    }

    [Fact]
    public void Validate_InputWithoutLocations_ReportsLocations()
    {
        AssertOnly(Valid() with { Inputs = [new JobInput(0, [])] }, "inputs[0].locations", "an input needs at least one location: {node, path} for a file on a silo, {url} or {text}");
    }

    [Fact]
    public void Validate_LocationWithNothing_ReportsWhatToGive()
    {
        AssertOnly(WithLocation(new Location(null, null, null, null)), "inputs[0].locations[0]", "a location needs node and path (a file on a silo), url, or text");
    }

    [Theory]
    [InlineData("silo0", "/a", "https://x.org/a", null, "node and path and url")]
    [InlineData(null, null, "https://x.org/a", "text", "url and text")]
    [InlineData(null, "/a", null, "text", "path and text")]
    public void Validate_LocationWithSeveralKinds_NamesThem(string? node, string? path, string? url, string? text, string kinds)
    {
        AssertOnly(
            WithLocation(new Location(node, path, url, text)),
            "inputs[0].locations[0]",
            $"a location has one of node and path, url, or text, but this one has {kinds}; make each its own location");
    }

    [Fact]
    public void Validate_FileWithoutNode_ReportsNode()
    {
        AssertOnly(WithLocation(new Location(null, "/data/a.txt", null, null)), "inputs[0].locations[0].node", "a file needs the name of the silo that holds it; give the silo holding '/data/a.txt'");
    }

    [Fact]
    public void Validate_FileWithoutPath_ReportsPath()
    {
        AssertOnly(WithLocation(new Location("silo0", null, null, null)), "inputs[0].locations[0].path", "a file needs its path; give the absolute path of the file on silo 'silo0'");
    }

    [Fact]
    public void Validate_RelativePath_ReportsPath()
    {
        AssertOnly(
            WithLocation(Location.OnNode("silo0", "data/a.txt")),
            "inputs[0].locations[0].path",
            "'data/a.txt' is not an absolute path; give the full path of the file on silo 'silo0', starting with '/'");
    }

    [Theory]
    [InlineData(@"C:\data\a.txt")]
    [InlineData("D:/data/a.txt")]
    [InlineData(@"\\server\share\a.txt")]
    public void Validate_WindowsAbsolutePath_IsAccepted(string path)
    {
        Assert.Empty(Check(WithLocation(Location.OnNode("silo0", path))));
    }

    [Theory]
    [InlineData("ftp://example.org/a.txt")]
    [InlineData("example.org/a.txt")]
    [InlineData("file:///etc/passwd")]
    public void Validate_UrlNotHttp_ReportsUrl(string url)
    {
        AssertOnly(WithLocation(Location.AtUrl(url)), "inputs[0].locations[0].url", $"'{url}' is not an http:// or https:// URL; give the full URL of the file");
    }

    [Fact]
    public void Validate_EmptyInlineText_IsAccepted()
    {
        Assert.Empty(Check(WithLocation(Location.Inline(string.Empty))));
    }

    [Fact]
    public void Validate_UnknownFunction_ReportsFunctionPath()
    {
        AssertOnly(
            WithTask(TaskRef.Function("wordcnt")),
            "stages[0].task.function",
            "unknown function 'wordcnt'; use a built-in function or one from a plugin assembly on the silos' plugin path");
    }

    [Fact]
    public void Validate_MisspelledFunction_SuggestsClosestName()
    {
        AssertOnly(WithTask(TaskRef.Function("wordcount_mpa")), "stages[0].task.function", "unknown function 'wordcount_mpa'; did you mean 'wordcount_map'?");
    }

    [Fact]
    public void Validate_ConcurrentStageWithFunctionNeedingAllInputs_ReportsConcurrent()
    {
        var spec = ValidBuilder().Stage("sort", Grouping.GroupAll, TaskRef.Function("sort"), concurrent: true).Build();

        AssertOnly(spec, "stages[3].concurrent", "'sort' needs all its inputs before it starts, so its stage cannot be concurrent; set concurrent to false");
    }

    [Fact]
    public void Validate_NonConcurrentSort_IsAccepted()
    {
        Assert.Empty(Check(ValidBuilder().Stage("sort", Grouping.GroupAll, TaskRef.Function("sort")).Build()));
    }

    [Fact]
    public void Validate_ConcurrentProgram_IsAccepted()
    {
        Assert.Empty(Check(WithTask(TaskRef.Program("python3 count.py"), concurrent: true)));
    }

    [Fact]
    public void Validate_DuplicateStageName_ReportsTheSecond()
    {
        var spec = ValidBuilder().Stage("map", Grouping.GroupAll, TaskRef.Function("sum")).Build();

        AssertOnly(spec, "stages[3].name", "stage name 'map' is already used by stages[0]; give each stage its own name");
    }

    [Fact]
    public void Validate_StageWithoutName_ReportsName()
    {
        var spec = ValidBuilder().Stage(string.Empty, Grouping.GroupAll, TaskRef.Function("sum")).Build();

        AssertOnly(spec, "stages[3].name", "a stage needs a name; use only letters, digits, '.', '_' and '-'");
    }

    [Fact]
    public void Validate_UndefinedGroupingValue_ReportsGrouping()
    {
        var spec = Valid() with { Stages = [new StageSpec("s", (Grouping)9, TaskRef.Function("sum"))] };

        AssertOnly(spec, "stages[0].grouping", "unknown grouping 9; use one of split, group_label, group_node, group_node_label, group_all");
    }

    [Fact]
    public void Validate_TaskWithFunctionAndProgram_ReportsTask()
    {
        AssertOnly(WithTask(new TaskRef("sum", "./sum.sh", new Dictionary<string, string>())), "stages[0].task", "a task has a function or a program, not both; keep one");
    }

    [Fact]
    public void Validate_TaskWithNeitherFunctionNorProgram_ReportsTask()
    {
        AssertOnly(WithTask(new TaskRef(null, null, new Dictionary<string, string>())), "stages[0].task", "a task needs a function or a program: {function: NAME} or {program: COMMAND LINE}");
    }

    [Fact]
    public void Validate_EmptyCommandLine_ReportsProgram()
    {
        AssertOnly(WithTask(TaskRef.Program(" ")), "stages[0].task.program", "the command line is empty; give the program to run and its arguments");
    }

    [Fact]
    public void Validate_EmptyFunctionName_ReportsFunction()
    {
        AssertOnly(WithTask(TaskRef.Function(string.Empty)), "stages[0].task.function", "the function name is empty; give the name of a built-in or plugin function");
    }

    [Fact]
    public void Validate_ParameterWithEmptyName_ReportsParams()
    {
        AssertOnly(WithTask(TaskRef.Function("sum", ("", "1"))), "stages[0].task.params", "a parameter has an empty name; name every parameter");
    }

    [Fact]
    public void Validate_MaxTaskFailuresZero_ReportsLimit()
    {
        AssertOnly(ValidBuilder().MaxTaskFailures(0).Build(), "limits.maxTaskFailures", "must be at least 1 (1 means no retry), got 0; the default is 3");
    }

    [Fact]
    public void Validate_NegativeTaskTimeout_ReportsLimit()
    {
        AssertOnly(ValidBuilder().TaskTimeout(TimeSpan.FromSeconds(-5)).Build(), "limits.taskTimeout", "must be longer than zero, got -00:00:05; the default is 10 minutes");
    }

    [Fact]
    public void Validate_WithoutCatalog_SkipsFunctionNames()
    {
        var spec = ValidBuilder().Stage("sort", Grouping.GroupAll, TaskRef.Function("no_such_function"), concurrent: true).Build();

        Assert.Empty(JobSpecValidator.Validate(spec, functions: null));
        Assert.Single(JobSpecValidator.Validate(spec, TestFunctions.Instance));
    }

    [Fact]
    public void Validate_NullMembersFromTheWire_ReportsEachWithoutThrowing()
    {
        var spec = new JobSpec(null!, [null!, new JobInput(0, null!), new JobInput(0, [null!])], [null!, new StageSpec("s", Grouping.Split, null!)], null!);

        var problems = Check(spec);

        Assert.Equal(
            ["name", "inputs[0]", "inputs[1].locations", "inputs[2].locations[0]", "stages[0]", "stages[1].task", "limits"],
            problems.Select(p => p.Path));
    }

    [Fact]
    public void Validate_SeveralProblems_ReportsAllInFieldOrder()
    {
        var spec = new JobSpec(
            "bad name",
            [new JobInput(-2, [Location.OnNode("silo0", "relative")])],
            [
                new StageSpec("map", Grouping.Split, TaskRef.Function("wordcnt")),
                new StageSpec("map", Grouping.GroupAll, TaskRef.Function("sort"), Concurrent: true),
            ],
            new JobLimits(0, TimeSpan.Zero));

        var problems = Check(spec);

        Assert.Equal(
            [
                "name", "inputs[0].label", "inputs[0].locations[0].path", "stages[0].task.function", "stages[1].name", "stages[1].concurrent",
                "limits.maxTaskFailures", "limits.taskTimeout",
            ],
            problems.Select(p => p.Path));
    }

    [Fact]
    public void ThrowIfInvalid_InvalidSpec_ThrowsWithEveryProblem()
    {
        var spec = Valid() with { Inputs = [], Stages = [] };

        var error = Assert.Throws<SpecValidationException>(() => JobSpecValidator.ThrowIfInvalid(spec, TestFunctions.Instance));

        Assert.Equal(["inputs", "stages"], error.Problems.Select(p => p.Path));
        Assert.Contains("inputs: a job needs at least one input", error.Message, StringComparison.Ordinal);
        Assert.Contains("stages: a job needs at least one stage", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ThrowIfInvalid_ValidSpec_DoesNotThrow()
    {
        var spec = Valid();

        JobSpecValidator.ThrowIfInvalid(spec, TestFunctions.Instance);

        Assert.Empty(Check(spec));
    }

    [Fact]
    public async Task ValidateAsync_UnreadableLocation_ReportsItsPathAndReason()
    {
        var check = new RecordingCheck(location => location.Node == "silo0" ? "no such file" : null);

        var problems = await JobSpecValidator.ValidateAsync(Valid(), TestFunctions.Instance, check);

        var problem = Assert.Single(problems);
        Assert.Equal("inputs[0].locations[0]", problem.Path);
        Assert.Equal("cannot read silo0:/data/a.txt: no such file; check that it exists and can be read, or remove this location", problem.Message);
        Assert.Equal(3, check.Checked.Count);
    }

    [Fact]
    public async Task ValidateAsync_MalformedLocation_IsNotChecked()
    {
        var spec = Valid() with { Inputs = [new JobInput(0, [Location.OnNode("silo0", "relative"), Location.Inline("x")])] };
        var check = new RecordingCheck(_ => "unreadable");

        var problems = await JobSpecValidator.ValidateAsync(spec, TestFunctions.Instance, check);

        Assert.Equal(["inputs[0].locations[0].path", "inputs[0].locations[1]"], problems.Select(p => p.Path));
        Assert.Equal([Location.Inline("x")], check.Checked);
    }

    [Fact]
    public async Task ValidateAsync_UnreadableInputAndBadStage_KeepsFieldOrder()
    {
        var spec = Valid() with { Stages = [] };
        var check = new RecordingCheck(location => location.Text is not null ? "too short" : null);

        var problems = await JobSpecValidator.ValidateAsync(spec, TestFunctions.Instance, check);

        Assert.Equal(["inputs[1].locations[0]", "stages"], problems.Select(p => p.Path));
    }

    [Fact]
    public async Task ValidateAsync_CheckAnswersWrongCount_Throws()
    {
        var check = new RecordingCheck(_ => null, answerCount: 1);

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await JobSpecValidator.ValidateAsync(Valid(), TestFunctions.Instance, check));
    }

    private sealed class RecordingCheck(Func<Location, string?> answer, int? answerCount = null) : IInputCheck
    {
        public List<Location> Checked { get; } = [];

        public ValueTask<IReadOnlyList<string?>> CheckAsync(IReadOnlyList<Location> locations, CancellationToken cancellationToken)
        {
            Checked.AddRange(locations);
            IReadOnlyList<string?> answers = locations.Take(answerCount ?? locations.Count).Select(answer).ToList();
            return ValueTask.FromResult(answers);
        }
    }
}
