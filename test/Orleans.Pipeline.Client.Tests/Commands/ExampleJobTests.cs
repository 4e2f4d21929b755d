using Orleans.Pipeline.Client.Tests.Support;
using Orleans.Pipeline.Specs;
using Orleans.Pipeline.TestKit.Processes;

namespace Orleans.Pipeline.Client.Tests.Commands;

/// <summary>The job files in examples/ run as they are: each one submitted with the client succeeds.</summary>
[Collection(ClientClusterCollection.Name)]
[Trait("Category", "Cluster")]
public sealed class ExampleJobTests(ClientCluster cluster)
{
    public static TheoryData<string> Examples
    {
        get
        {
            var data = new TheoryData<string>();
            var directory = Path.Combine(BuildOutput.RepositoryRoot, "examples");
            foreach (var file in Directory.GetFiles(directory).Order(StringComparer.Ordinal))
            {
                // Jobs that run external programs depend on the silos allowing them and on the interpreters installed, and
                // URL inputs on the network; the external-program and URL tests cover those.
                if (JobSpecReader.TryGetFormat(file, out var format)
                    && JobSpecReader.Read(File.ReadAllText(file), format).Spec is { } spec
                    && spec.Stages.All(s => s.Task.Kind == TaskKind.Function)
                    && spec.Inputs.SelectMany(i => i.Locations).All(l => l.Kind != LocationKind.Url))
                {
                    data.Add(Path.GetFileName(file));
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Submit_ExampleJob_Succeeds(string example)
    {
        var file = Path.Combine(BuildOutput.RepositoryRoot, "examples", example);
        var output = Path.Combine(cluster.Files, "example-" + example);

        var run = await cluster.RunAsync("submit", file, "--watch", "--out", output);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("succeeded in", run.Output);
        Assert.NotEmpty(Directory.GetFiles(output));
    }
}
