namespace Orleans.Pipeline.Grains.Scheduling;

/// <summary>The keys of a job's stage and task grains: <c>{job}/{stage index}</c> and <c>{job}/{task id}</c>.</summary>
public static class PipelineKeys
{
    public static string Stage(string jobId, int index) => $"{jobId}/{index}";

    public static string Task(string jobId, int taskId) => $"{jobId}/{taskId}";
}
