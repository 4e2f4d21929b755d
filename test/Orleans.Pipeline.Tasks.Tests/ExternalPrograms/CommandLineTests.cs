using Orleans.Pipeline.Tasks.ExternalPrograms;

namespace Orleans.Pipeline.Tasks.Tests.ExternalPrograms;

public class CommandLineTests
{
    [Theory]
    [InlineData("python3 map.py", new[] { "python3", "map.py" })]
    [InlineData("  sh\t-c  'echo $HOME; ls'  ", new[] { "sh", "-c", "echo $HOME; ls" })]
    [InlineData("prog \"a \\\"quoted\\\" word\" b\\ c", new[] { "prog", "a \"quoted\" word", "b c" })]
    [InlineData("prog \"C:\\path\\x\"", new[] { "prog", "C:\\path\\x" })]
    [InlineData("prog pre'fix 'post \"\"", new[] { "prog", "prefix post", "" })]
    public void Split_CommandLine_ReturnsItsWords(string commandLine, string[] expected)
    {
        Assert.Equal(expected, CommandLine.Split(commandLine));
    }

    [Theory]
    [InlineData("prog 'open", "single quote at position 5")]
    [InlineData("prog \"open", "double quote at position 5")]
    [InlineData("prog \\", "ends with a backslash")]
    [InlineData("   ", "empty")]
    public void Split_MalformedCommandLine_ThrowsSayingWhy(string commandLine, string reason)
    {
        var error = Assert.Throws<FormatException>(() => CommandLine.Split(commandLine));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }
}
