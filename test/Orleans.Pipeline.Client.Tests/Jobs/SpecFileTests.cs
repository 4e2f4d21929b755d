using Orleans.Pipeline.Client.Jobs;
using Orleans.Pipeline.TestKit;

namespace Orleans.Pipeline.Client.Tests.Jobs;

public sealed class SpecFileTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new("spec-file-test");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Read_SeveralProblems_ListsEveryOneWithItsFieldAndLine()
    {
        var file = _directory.GetPath("job.yaml");
        File.WriteAllText(file, """
            name: two-problems
            inputs: [{locations: [{text: "a"}]}]
            stages:
              - {name: map, grouping: nope, task: {function: wordcount_map}}
              - {name: map, grouping: split, task: {function: wordcount_map}}
            """);

        var error = Assert.Throws<CommandException>(() => SpecFile.Read(file));

        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        var lines = error.Message.Split(Environment.NewLine);
        Assert.Equal($"{file} has 2 problems; nothing was submitted:", lines[0]);
        Assert.StartsWith("  stages[0].grouping: ", lines[1]);
        Assert.EndsWith("(line 4, column 27)", lines[1]);
        Assert.StartsWith("  stages[1].name: ", lines[2]);
    }

    [Fact]
    public void Read_ValidJson_GivesTheSpec()
    {
        var file = _directory.GetPath("job.json");
        File.WriteAllText(file, """{ "name": "ok", "inputs": [ { "label": 2, "locations": [ { "text": "a" } ] } ], "stages": [ { "name": "s", "grouping": "group_all", "task": { "function": "cat" } } ] }""");

        var spec = SpecFile.Read(file);

        Assert.Equal("ok", spec.Name);
        Assert.Equal(2, Assert.Single(spec.Inputs).Label);
        Assert.Equal("cat", Assert.Single(spec.Stages).Task.FunctionName);
    }

    [Fact]
    public void Read_UnclosedFlowSequence_IsBadInputNamingTheFileAndTheBracket()
    {
        var file = _directory.GetPath("unclosed.yaml");
        File.WriteAllText(file, "name: x\ninputs: [{locations: [{text: \"a\"}]\nstages: []\n");

        var error = Assert.Throws<CommandException>(() => SpecFile.Read(file));

        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Equal(
            [
                $"{file} has 1 problem; nothing was submitted:",
                "  malformed YAML at line 2, column 10: the flow mapping '{' here is still open at line 3, column 1; close it with '}' " +
                "(a list or mapping continued on later lines must indent them); fix the file and submit it again",
            ],
            error.Message.Split(Environment.NewLine));
    }
}
