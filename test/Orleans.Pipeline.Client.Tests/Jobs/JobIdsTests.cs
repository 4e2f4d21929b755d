using Orleans.Pipeline.Client.Jobs;
using Orleans.Pipeline.TestKit;

namespace Orleans.Pipeline.Client.Tests.Jobs;

public sealed class JobIdsTests
{
    [Fact]
    public void Create_NameAndTime_AreInTheIdAndTheIdIsValid()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2025, 1, 31, 12, 30, 5, TimeSpan.Zero));

        var id = JobIds.Create("wordcount", time);

        Assert.Matches("^wordcount-20250131-123005-[0-9a-f]{4}$", id);
        JobIds.Check(id);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a b")]
    [InlineData("a/b")]
    public void Check_NotAnId_ThrowsBadInput(string id)
    {
        var error = Assert.Throws<CommandException>(() => JobIds.Check(id));

        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
    }
}
