using Orleans.Pipeline.Runtime.Messaging;
using Orleans.Pipeline.Specs;

namespace Orleans.Pipeline.Client.Tests;

public sealed class FailuresTests
{
    [Fact]
    public void Describe_EachKindOfFailure_GivesItsExitCode()
    {
        Assert.Equal(ExitCodes.BadInput, Failures.Describe(new SpecValidationException([new SpecProblem("stages", "a job needs at least one stage")])).ExitCode);
        Assert.Equal(ExitCodes.BadInput, Failures.Describe(new RemoteGrainException(typeof(SpecValidationException).FullName!, "rejected", null)).ExitCode);
        Assert.Equal(ExitCodes.Unreachable, Failures.Describe(new SiloUnavailableException("gone")).ExitCode);
        Assert.Equal(ExitCodes.Unreachable, Failures.Describe(new TimeoutException("slow")).ExitCode);
        Assert.Equal(ExitCodes.UnknownJob, Failures.Describe(new CommandException(ExitCodes.UnknownJob, "no job")).ExitCode);
        Assert.Equal(ExitCodes.Error, Failures.Describe(new InvalidOperationException("odd")).ExitCode);
    }

    [Fact]
    public void Describe_SpecRejectedByTheCluster_KeepsEveryProblemInTheMessage()
    {
        var (_, message) = Failures.Describe(new SpecValidationException(
            [new SpecProblem("stages[0].task.function", "unknown function 'x'"), new SpecProblem("inputs[0].locations[0].path", "cannot read")]));

        Assert.StartsWith("The cluster rejected the job; nothing was created. The job spec has 2 problems:", message);
        Assert.Contains("  stages[0].task.function: unknown function 'x'", message);
        Assert.Contains("  inputs[0].locations[0].path: cannot read", message);
    }
}
