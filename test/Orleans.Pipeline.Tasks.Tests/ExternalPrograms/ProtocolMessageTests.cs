using Orleans.Pipeline.Tasks.ExternalPrograms;

namespace Orleans.Pipeline.Tasks.Tests.ExternalPrograms;

public class ProtocolMessageTests
{
    [Theory]
    [InlineData("HEARTBEAT", "Heartbeat", 0, "")]
    [InlineData("DONE\r", "Done", 0, "")]
    [InlineData("LOG", "Log", 0, "")]
    [InlineData("LOG  two  spaces ", "Log", 0, " two  spaces ")]
    [InlineData("ERROR out of disk", "Error", 0, "out of disk")]
    [InlineData("FATAL bad parameter 'x'", "Fatal", 0, "bad parameter 'x'")]
    [InlineData("OUTPUT 12 dir/my file.txt", "Output", 12, "dir/my file.txt")]
    public void TryParse_ValidLine_ReturnsTheMessage(string line, string kind, int label, string text)
    {
        Assert.True(ProtocolMessage.TryParse(line, out var message));

        Assert.Equal(new ProtocolMessage(Enum.Parse<ProtocolMessageKind>(kind), label, text), message);
    }

    [Theory]
    [InlineData("hello")]
    [InlineData("heartbeat")]
    [InlineData("DONE now")]
    [InlineData("OUTPUT")]
    [InlineData("OUTPUT 3")]
    [InlineData("OUTPUT -1 file")]
    [InlineData("OUTPUT x file")]
    [InlineData("OUTPUT 99999999999 file")]
    [InlineData("INPUT 0 /tmp/x")]
    public void TryParse_MalformedLine_ReturnsFalse(string line)
    {
        Assert.False(ProtocolMessage.TryParse(line, out _));
    }
}
