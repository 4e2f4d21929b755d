namespace Orleans.Pipeline.Client.Tests.Support;

/// <summary>A job whose one task runs an external program that sleeps for a minute, so it can be watched and cancelled while it runs.</summary>
public static class SlowJob
{
    public static string Write(ClientCluster cluster, string name)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return cluster.WriteFile($"{name}.yaml", $$$"""
            name: {{{name}}}
            inputs: [{locations: [{text: "x"}]}]
            stages:
              - {name: wait, grouping: split, task: {program: "sleep 60"}}
            limits: {maxTaskFailures: 1}
            """);
    }
}
