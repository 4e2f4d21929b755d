using Orleans.Pipeline.Client.Output;

namespace Orleans.Pipeline.Client.Tests.Support;

/// <summary>Runs the client's command line in this process, capturing what it prints (plain output, as when redirected).</summary>
public static class ConsoleRunner
{
    public static async Task<ClientRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await PipelineConsole.RunAsync(args, new ConsoleIO(output, error, TimeProvider.System));
        return new ClientRun(exitCode, output.ToString(), error.ToString());
    }
}
