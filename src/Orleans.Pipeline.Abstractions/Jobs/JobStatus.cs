namespace Orleans.Pipeline.Jobs;

/// <summary>Where a job is in its life. Succeeded, Failed and Cancelled are final.</summary>
public enum JobStatus
{
    /// <summary>No job with this id was submitted.</summary>
    Unknown = 0,
    Running = 1,
    Succeeded = 2,
    Failed = 3,
    Cancelled = 4,
}
