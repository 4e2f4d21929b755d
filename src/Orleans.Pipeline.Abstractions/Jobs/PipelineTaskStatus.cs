namespace Orleans.Pipeline.Jobs;

/// <summary>A task's state, with the dashboard's colours: white = Waiting, orange = Running, green = Done, red = Failed.</summary>
public enum PipelineTaskStatus
{
    Waiting = 0,
    Running = 1,
    Done = 2,
    Failed = 3,
}
