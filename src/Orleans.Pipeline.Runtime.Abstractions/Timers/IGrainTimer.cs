namespace Orleans.Pipeline.Runtime.Timers;

/// <summary>A timer owned by an activation. Dispose it to stop it; it also stops when the activation deactivates.</summary>
public interface IGrainTimer : IDisposable
{
    /// <summary>Reschedules the timer. <see cref="Timeout.InfiniteTimeSpan"/> as period makes it fire once.</summary>
    void Change(TimeSpan dueTime, TimeSpan period);
}
