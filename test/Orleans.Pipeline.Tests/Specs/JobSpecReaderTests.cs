using Orleans.Pipeline.Specs;

namespace Orleans.Pipeline.Tests.Specs;

public sealed class JobSpecReaderTests
{
    private const string FullYaml = """
        name: wc
        inputs:
          - label: 0
            locations:
              - node: silo0
                path: /data/a.txt
              - url: https://example.org/a.txt
          - label: 2
            locations: [{text: "inline content"}]
          - locations: [{text: ""}]
        stages:
          - name: map
            grouping: split
            task:
              function: wordcount_map
              params: {partitions: 8, lower: true, sep: ","}
          - name: reduce
            grouping: group_label
            task: {function: wordcount_reduce}
            concurrent: false
          - name: shell
            grouping: group_node_label
            task: {program: "python3 count.py --fast"}
            concurrent: true
        limits:
          maxTaskFailures: 5
          taskTimeout: 90s
        """;

    private const string FullJson = """
        {
          "name": "wc",
          "inputs": [
            { "label": 0, "locations": [ { "node": "silo0", "path": "/data/a.txt" }, { "url": "https://example.org/a.txt" } ] },
            { "label": 2, "locations": [ { "text": "inline content" } ] },
            { "locations": [ { "text": "" } ] }
          ],
          "stages": [
            { "name": "map", "grouping": "split", "task": { "function": "wordcount_map", "params": { "partitions": 8, "lower": true, "sep": "," } } },
            { "name": "reduce", "grouping": "group_label", "task": { "function": "wordcount_reduce" } },
            { "name": "shell", "grouping": "group_node_label", "task": { "program": "python3 count.py --fast" }, "concurrent": true }
          ],
          "limits": { "maxTaskFailures": 5, "taskTimeout": 90 }
        }
        """;

    private static JobSpec Expected() =>
        JobSpec.Create("wc")
            .Input(0, Location.OnNode("silo0", "/data/a.txt"), Location.AtUrl("https://example.org/a.txt"))
            .Input(2, Location.Inline("inline content"))
            .Input(0, Location.Inline(string.Empty))
            .Stage("map", Grouping.Split, TaskRef.Function("wordcount_map", ("partitions", "8"), ("lower", "true"), ("sep", ",")))
            .Stage("reduce", Grouping.GroupLabel, TaskRef.Function("wordcount_reduce"))
            .Stage("shell", Grouping.GroupNodeLabel, TaskRef.Program("python3 count.py --fast"), concurrent: true)
            .MaxTaskFailures(5)
            .TaskTimeout(TimeSpan.FromSeconds(90))
            .Build();

    private static SpecResult Yaml(string text) => JobSpecReader.Read(text, SpecFormat.Yaml, TestFunctions.Instance);

    private static SpecResult Json(string text) => JobSpecReader.Read(text, SpecFormat.Json, TestFunctions.Instance);

    private static SpecProblem Only(SpecResult result)
    {
        Assert.False(result.IsValid);
        Assert.Null(result.Spec);
        return Assert.Single(result.Problems);
    }

    private static void AssertProblem(SpecProblem problem, string path, string message, int line, int column)
    {
        Assert.Equal(path, problem.Path);
        Assert.Equal(message, problem.Message);
        Assert.Equal((line, column), (problem.Line, problem.Column));
    }

    /// <summary>A valid job around one stage given as YAML lines (indented as list items under "stages:").</summary>
    private static string YamlWithStage(string stage) => $"""
        name: wc
        inputs:
          - locations: [{"{"}text: a{"}"}]
        stages:
        {stage}
        """;

    [Fact]
    public void Read_Yaml_GivesTheSpec()
    {
        var result = Yaml(FullYaml);

        Assert.Empty(result.Problems);
        Assert.True(result.IsValid);
        Assert.Equal(Expected(), result.Spec);
    }

    [Fact]
    public void Read_Json_GivesTheSpec()
    {
        var result = Json(FullJson);

        Assert.Empty(result.Problems);
        Assert.Equal(Expected(), result.Spec);
    }

    [Fact]
    public void Read_JsonAndYamlOfTheSameJob_GiveEqualSpecs()
    {
        var fromJson = Json(FullJson).GetSpecOrThrow();
        var fromYaml = Yaml(FullYaml).GetSpecOrThrow();

        Assert.Equal(fromJson, fromYaml);
        Assert.Equal(fromJson.GetHashCode(), fromYaml.GetHashCode());
    }

    [Fact]
    public void Read_LimitsOmitted_GivesDefaults()
    {
        var spec = Yaml(YamlWithStage("  - {name: s, grouping: group_all, task: {function: sum}}")).GetSpecOrThrow();

        Assert.Equal(JobLimits.Default, spec.Limits);
        Assert.Equal(3, spec.Limits.MaxTaskFailures);
        Assert.Equal(TimeSpan.FromMinutes(10), spec.Limits.TaskTimeout);
        Assert.False(spec.Stages[0].Concurrent);
        Assert.Equal(0, spec.Inputs[0].Label);
        Assert.Empty(spec.Stages[0].Task.Params);
    }

    [Theory]
    [InlineData("600", 600_000)]
    [InlineData("1.5", 1_500)]
    [InlineData("500ms", 500)]
    [InlineData("30s", 30_000)]
    [InlineData("10m", 600_000)]
    [InlineData("2h", 7_200_000)]
    [InlineData("\"00:01:30\"", 90_000)]
    public void Read_TaskTimeoutForms_GiveTheDuration(string written, int milliseconds)
    {
        var text = YamlWithStage("  - {name: s, grouping: group_all, task: {function: sum}}") + "\nlimits: {taskTimeout: " + written + "}\n";

        var spec = Yaml(text).GetSpecOrThrow();

        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), spec.Limits.TaskTimeout);
    }

    [Fact]
    public void Read_UnknownGrouping_ReportsPathPositionAndChoices()
    {
        var text = YamlWithStage("""
              - name: map
                grouping: split
                task: {function: wordcount_map}
              - name: reduce
                grouping: group_lable
                task: {function: wordcount_reduce}
            """);

        AssertProblem(
            Only(Yaml(text)),
            "stages[1].grouping",
            "unknown grouping 'group_lable'; use one of split, group_label, group_node, group_node_label, group_all",
            line: 9,
            column: 15);
    }

    [Fact]
    public void Read_MissingGrouping_ReportsIt()
    {
        var problem = Only(Yaml(YamlWithStage("  - {name: s, task: {function: sum}}")));

        AssertProblem(problem, "stages[0].grouping", "a stage needs a grouping; use one of split, group_label, group_node, group_node_label, group_all", 5, 5);
    }

    [Fact]
    public void Read_NoStages_ReportsStagesAtTheRoot()
    {
        var problem = Only(Yaml("name: wc\ninputs: [{locations: [{text: a}]}]\n"));

        AssertProblem(problem, "stages", "a job needs at least one stage", 1, 1);
    }

    [Fact]
    public void Read_EmptyStageList_ReportsStagesWhereWritten()
    {
        var problem = Only(Json("""{"name": "wc", "inputs": [{"locations": [{"text": "a"}]}], "stages": []}"""));

        AssertProblem(problem, "stages", "a job needs at least one stage", 1, 70);
    }

    [Fact]
    public void Read_UnknownFunction_ReportsFunctionPosition()
    {
        var problem = Only(Yaml(YamlWithStage("  - {name: s, grouping: split, task: {function: wordcnt}}")));

        AssertProblem(
            problem,
            "stages[0].task.function",
            "unknown function 'wordcnt'; use a built-in function or one from a plugin assembly on the silos' plugin path",
            5,
            49);
    }

    [Fact]
    public void Read_ConcurrentSort_ReportsConcurrentPosition()
    {
        var text = YamlWithStage("""
              - name: s
                grouping: group_all
                task: {function: sort}
                concurrent: true
            """);

        AssertProblem(
            Only(Yaml(text)),
            "stages[0].concurrent",
            "'sort' needs all its inputs before it starts, so its stage cannot be concurrent; set concurrent to false",
            8,
            17);
    }

    [Fact]
    public void Read_UnknownField_ReportsItWithTheExpectedOnes()
    {
        var problem = Only(Yaml(YamlWithStage("  - {name: s, grouping: split, task: {function: sum}, concurent: true}")));

        AssertProblem(problem, "stages[0].concurent", "unknown field 'concurent'; expected one of name, grouping, task, concurrent", 5, 55);
    }

    [Fact]
    public void Read_FieldGivenTwiceInJson_ReportsTheSecond()
    {
        var problem = Only(Json("""{"name": "a", "name": "b", "inputs": [{"locations": [{"text": "a"}]}], "stages": [{"name": "s", "grouping": "split", "task": {"function": "sum"}}]}"""));

        AssertProblem(problem, "name", "'name' is given twice; keep one", 1, 15);
    }

    [Fact]
    public void Read_LabelNotANumber_ReportsLabel()
    {
        var problem = Only(Yaml("name: wc\ninputs:\n  - label: first\n    locations: [{text: a}]\nstages: [{name: s, grouping: split, task: {function: sum}}]\n"));

        AssertProblem(problem, "inputs[0].label", "expected a whole number, got 'first'", 3, 12);
    }

    [Fact]
    public void Read_LabelAsJsonString_ReportsLabel()
    {
        var problem = Only(Json("""{"name": "wc", "inputs": [{"label": "1", "locations": [{"text": "a"}]}], "stages": [{"name": "s", "grouping": "split", "task": {"function": "sum"}}]}"""));

        Assert.Equal("inputs[0].label", problem.Path);
        Assert.Equal("expected a whole number, got '1'", problem.Message);
    }

    [Fact]
    public void Read_NegativeLabel_ReportsLabelPosition()
    {
        var problem = Only(Yaml("name: wc\ninputs:\n  - label: -1\n    locations: [{text: a}]\nstages: [{name: s, grouping: split, task: {function: sum}}]\n"));

        AssertProblem(problem, "inputs[0].label", "label -1 is negative; labels are whole numbers from 0 up", 3, 12);
    }

    [Fact]
    public void Read_ConcurrentNotABoolean_ReportsConcurrent()
    {
        var problem = Only(Yaml(YamlWithStage("  - {name: s, grouping: split, task: {function: sum}, concurrent: yes}")));

        Assert.Equal("stages[0].concurrent", problem.Path);
        Assert.Equal("expected true or false, got 'yes'", problem.Message);
    }

    [Fact]
    public void Read_InputsNotAList_ReportsInputsOnce()
    {
        var problem = Only(Yaml("name: wc\ninputs: {text: a}\nstages: [{name: s, grouping: split, task: {function: sum}}]\n"));

        AssertProblem(problem, "inputs", "expected a list of inputs, got a mapping", 2, 9);
    }

    [Fact]
    public void Read_LocationNotAMapping_ReportsOnlyTheLocation()
    {
        var problem = Only(Yaml("name: wc\ninputs:\n  - locations: [/data/a.txt]\nstages: [{name: s, grouping: split, task: {function: sum}}]\n"));

        AssertProblem(problem, "inputs[0].locations[0]", "expected a location: a mapping with node and path, url, or text, got '/data/a.txt'", 3, 17);
    }

    [Fact]
    public void Read_LocationWithUrlAndText_ReportsTheLocation()
    {
        var problem = Only(Yaml("name: wc\ninputs:\n  - locations:\n      - {url: 'https://x.org/a', text: a}\nstages: [{name: s, grouping: split, task: {function: sum}}]\n"));

        AssertProblem(problem, "inputs[0].locations[0]", "a location has one of node and path, url, or text, but this one has url and text; make each its own location", 4, 9);
    }

    [Fact]
    public void Read_ParameterWithListValue_ReportsTheParameter()
    {
        var problem = Only(Yaml(YamlWithStage("  - {name: s, grouping: split, task: {function: sum, params: {cols: [1, 2]}}}")));

        Assert.Equal("stages[0].task.params.cols", problem.Path);
        Assert.Equal("a parameter's value is text, a number or true/false, not a list", problem.Message);
    }

    [Fact]
    public void Read_ParameterWithoutValue_ReportsTheParameter()
    {
        var problem = Only(Yaml(YamlWithStage("  - {name: s, grouping: split, task: {function: sum, params: {flag: }}}")));

        Assert.Equal("stages[0].task.params.flag", problem.Path);
        Assert.Equal("parameter 'flag' has no value; write \"\" for an empty one", problem.Message);
    }

    [Fact]
    public void Read_BadTaskTimeout_ReportsTheForms()
    {
        var text = YamlWithStage("  - {name: s, grouping: split, task: {function: sum}}") + "\nlimits: {taskTimeout: 10 mins}\n";

        var problem = Only(Yaml(text));

        Assert.Equal("limits.taskTimeout", problem.Path);
        Assert.Equal("'10 mins' is not a duration; write seconds (600), a number with a unit (500ms, 30s, 10m, 2h) or hh:mm:ss", problem.Message);
    }

    [Fact]
    public void Read_RootIsAList_ReportsOnlyThat()
    {
        var problem = Only(Yaml("- name: wc\n"));

        Assert.Equal(string.Empty, problem.Path);
        Assert.Equal("expected a job spec: a mapping with name, inputs, stages and (optionally) limits, got a list", problem.Message);
    }

    [Fact]
    public void Read_SeveralProblems_ReportsAllInFileOrder()
    {
        const string text = """
            name: my job
            inputs:
              - label: -1
                locations: [{node: silo0}]
            stages:
              - {name: map, grouping: split, task: {function: wordcnt}}
              - {name: map, grouping: group_lable, task: {function: sum}}
            limits: {maxTaskFailures: 0}
            """;

        var result = Yaml(text);

        Assert.Equal(
            ["name", "inputs[0].label", "inputs[0].locations[0].path", "stages[0].task.function", "stages[1].name", "stages[1].grouping", "limits.maxTaskFailures"],
            result.Problems.Select(p => p.Path));
        Assert.All(result.Problems, p => Assert.NotNull(p.Line));
    }

    [Fact]
    public void Read_MalformedYaml_ReportsLineAndColumn()
    {
        const string text = "name: wc\nstages:\n  - name: map\n   grouping: split\n";

        var problem = Only(Yaml(text));

        Assert.Equal(string.Empty, problem.Path);
        Assert.Equal((4, 4), (problem.Line, problem.Column));
        Assert.StartsWith("malformed YAML at line 4, column 4: ", problem.Message, StringComparison.Ordinal);
        Assert.EndsWith("; fix the file and submit it again", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MalformedJson_ReportsLineAndColumn()
    {
        const string text = "{\n  \"name\": \"wc\",\n  \"stages\": [ { \"name\": \"map\" ]\n}\n";

        var problem = Only(Json(text));

        Assert.Equal(string.Empty, problem.Path);
        Assert.Equal((3, 31), (problem.Line, problem.Column));
        Assert.StartsWith("malformed JSON at line 3, column 31: ", problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_JsonColumnsAfterWideCharacters_CountCharacters()
    {
        // "é" is two bytes in UTF-8; the column counts it once.
        var problem = Only(Json("{\"name\": \"é\", \"inputs\": x}"));

        Assert.Equal((1, 25), (problem.Line, problem.Column));
    }

    [Theory]
    [InlineData(SpecFormat.Json)]
    [InlineData(SpecFormat.Yaml)]
    public void Read_EmptyFile_ReportsMalformed(SpecFormat format)
    {
        var problem = Only(JobSpecReader.Read(string.Empty, format));

        Assert.Equal((1, 1), (problem.Line, problem.Column));
        Assert.Contains("the file is empty", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_JsonWithContentAfterTheSpec_ReportsMalformed()
    {
        var problem = Only(Json("{} {}"));

        Assert.Equal((1, 4), (problem.Line, problem.Column));
        Assert.StartsWith("malformed JSON at line 1, column 4: '{' is invalid after a single JSON value", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("name: wc\nstages: [ {name: a", 3, 1, "did not find expected ',' or '}'")] // unclosed flow list and map at the end
    [InlineData("name: wc\ninputs: [a, b", 3, 1, "did not find expected ',' or ']'")]
    [InlineData("name: wc\nlimits: {maxTaskFailures: 3", 3, 1, "did not find expected ',' or '}'")]
    [InlineData("name: \"wc\ninputs: []\n", 1, 7, "double-quoted scalar")] // unclosed quotes
    [InlineData("name: 'wc", 1, 7, "found unexpected end of stream")]
    [InlineData("name: wc\nlimits:\n\tmaxTaskFailures: 3\n", 1, 1, "found invalid tab as indentation")] // a tab indents
    public void Read_TruncatedOrMalformedYaml_ReportsWhere(string text, int line, int column, string reason)
    {
        var problem = Only(Yaml(text));

        Assert.Equal(string.Empty, problem.Path);
        Assert.Equal((line, column), (problem.Line, problem.Column));
        Assert.StartsWith($"malformed YAML at line {line}, column {column}: ", problem.Message, StringComparison.Ordinal);
        Assert.Contains(reason, problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("name: wc\ninputs: [a, b\nstages: []\n", 2, 9, "the flow list '[' here is still open at line 3, column 1; close it with ']'")]
    [InlineData("inputs:\n- [a, b\n- c\n", 2, 3, "the flow list '[' here is still open at line 3, column 1; close it with ']'")]
    [InlineData("name: wc\nlimits: {maxTaskFailures: 3\nstages: []\n", 2, 9, "the flow mapping '{' here is still open at line 3, column 1; close it with '}'")]
    [InlineData("name: wc\nstages: [ {name: a\n- b", 2, 11, "the flow mapping '{' here is still open at line 3, column 1; close it with '}'")]
    public void Read_FlowCollectionLeftOpenBeforeTheNextLine_ReportsItsBracket(string text, int line, int column, string reason)
    {
        // YamlDotNet fails on these with an InvalidOperationException that carries no position.
        var result = Yaml(text);

        var problem = Only(result);
        Assert.Equal((line, column), (problem.Line, problem.Column));
        Assert.Equal($"malformed YAML at line {line}, column {column}: {reason} (a list or mapping continued on later lines must indent them); fix the file and submit it again", problem.Message);
        Assert.Same(problem, Assert.Single(Assert.Throws<SpecValidationException>(result.GetSpecOrThrow).Problems));
    }

    [Fact]
    public void Read_YamlThatTripsTheLoader_ReportsTheLastNodeRead()
    {
        // YamlDotNet's loader fails on this with an ArgumentException ("unsupported event"): a key after a tab, then a value that is itself "b:".
        var problem = Only(Yaml("\t: b: "));

        Assert.Equal((1, 6), (problem.Line, problem.Column));
        Assert.StartsWith("malformed YAML at line 1, column 6: the YAML could not be read from here on", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SpecFormat.Yaml, "a: ", "]")]
    [InlineData(SpecFormat.Json, "", "]")]
    public void Read_NestedFarTooDeep_ReportsMalformedInsteadOfOverflowingTheStack(SpecFormat format, string prefix, string close)
    {
        const int depth = 100_000;
        var text = prefix + new string('[', depth) + string.Concat(Enumerable.Repeat(close, depth));

        var problem = Only(JobSpecReader.Read(text, format));

        Assert.Equal(string.Empty, problem.Path);
        Assert.Equal(1, problem.Line);
        Assert.Contains("64", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"name\": \"wc\", \"stages\": [", 1, 27)] // truncated inside a list, a mapping, a string, after a key, after a comma
    [InlineData("{\"name\": \"wc\", \"stages\": [{\"name\": \"a\"", 1, 39)]
    [InlineData("{\"name\": \"w", 1, 12)]
    [InlineData("{\"name\":", 1, 9)]
    [InlineData("{\"name\": \"wc\",", 1, 14)]
    [InlineData("{\"name\": \"wc\" /* note", 1, 15)]
    public void Read_TruncatedJson_ReportsWhere(string text, int line, int column)
    {
        var result = Json(text);

        var problem = Only(result);
        Assert.Equal(string.Empty, problem.Path);
        Assert.Equal((line, column), (problem.Line, problem.Column));
        Assert.StartsWith($"malformed JSON at line {line}, column {column}: ", problem.Message, StringComparison.Ordinal);
        Assert.Throws<SpecValidationException>(result.GetSpecOrThrow);
    }

    [Theory]
    [InlineData("{\"name\": \"wc\",\n \"inputs\": [{\"locations\": [{\"text\": \"a\\ud800\"}]}]}", 2, 37)] // a high surrogate alone
    [InlineData("{\"name\": \"wc\", \"\\udc00\": 1}", 1, 16)] // a low surrogate alone, in a key
    public void Read_JsonStringWithALoneSurrogateEscape_ReportsTheString(string text, int line, int column)
    {
        // System.Text.Json reads these tokens but throws an InvalidOperationException when the string is decoded.
        var problem = Only(Json(text));

        Assert.Equal((line, column), (problem.Line, problem.Column));
        Assert.Equal($"malformed JSON at line {line}, column {column}: this string has a \\u escape that is half of a UTF-16 surrogate pair; fix the file and submit it again", problem.Message);
    }

    [Fact]
    public void Read_YamlNumbersAsNames_AreReadAsText()
    {
        var spec = Yaml("name: 2024\ninputs: [{locations: [{node: 7, path: /a}]}]\nstages: [{name: s, grouping: split, task: {function: sum}}]\n").GetSpecOrThrow();

        Assert.Equal("2024", spec.Name);
        Assert.Equal(Location.OnNode("7", "/a"), spec.Inputs[0].Locations[0]);
    }

    [Fact]
    public void Read_WithoutCatalog_DoesNotCheckFunctions()
    {
        var text = YamlWithStage("  - {name: s, grouping: split, task: {function: not_known}}");

        Assert.True(JobSpecReader.Read(text, SpecFormat.Yaml).IsValid);
        Assert.False(JobSpecReader.Read(text, SpecFormat.Yaml, TestFunctions.Instance).IsValid);
    }

    [Fact]
    public void GetSpecOrThrow_Problems_ThrowsWithThem()
    {
        var result = Yaml("name: wc\n");

        var error = Assert.Throws<SpecValidationException>(result.GetSpecOrThrow);

        Assert.Equal(["inputs", "stages"], error.Problems.Select(p => p.Path));
    }

    [Fact]
    public void ToString_ProblemFromAFile_EndsWithItsPosition()
    {
        var problem = Only(Yaml(YamlWithStage("  - {name: s, grouping: splt, task: {function: sum}}")));

        Assert.Equal(
            "stages[0].grouping: unknown grouping 'splt'; use one of split, group_label, group_node, group_node_label, group_all (line 5, column 25)",
            problem.ToString());
    }

    [Theory]
    [InlineData("job.json", SpecFormat.Json)]
    [InlineData("dir/job.YAML", SpecFormat.Yaml)]
    [InlineData("job.yml", SpecFormat.Yaml)]
    public void TryGetFormat_KnownExtension_GivesFormat(string fileName, SpecFormat expected)
    {
        Assert.True(JobSpecReader.TryGetFormat(fileName, out var format));
        Assert.Equal(expected, format);
    }

    [Fact]
    public void TryGetFormat_UnknownExtension_ReturnsFalse()
    {
        Assert.False(JobSpecReader.TryGetFormat("job.txt", out _));
    }
}
