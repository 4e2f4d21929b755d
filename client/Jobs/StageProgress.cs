using System.Globalization;
using Orleans.Pipeline.Jobs;

namespace Orleans.Pipeline.Client.Jobs;

/// <summary>A stage's task counts at one moment, as the progress display and the status command show them.</summary>
internal sealed record StageProgress(string Name, string Grouping, bool Concurrent, int Total, int Waiting, int Running, int Done, int Failed)
{
    public static StageProgress Of(StageView stage)
    {
        ArgumentNullException.ThrowIfNull(stage);
        return new StageProgress(
            stage.Name,
            stage.Grouping,
            stage.Concurrent,
            stage.Tasks.Count,
            stage.Tasks.Count(t => t.Status == PipelineTaskStatus.Waiting),
            stage.Tasks.Count(t => t.Status == PipelineTaskStatus.Running),
            stage.Tasks.Count(t => t.Status == PipelineTaskStatus.Done),
            stage.Tasks.Count(t => t.Status == PipelineTaskStatus.Failed));
    }

    /// <summary><c>map (split)</c>, or <c>sum (group_all, concurrent)</c>.</summary>
    public string Title => Concurrent ? $"{Name} ({Grouping}, concurrent)" : $"{Name} ({Grouping})";

    /// <summary><c>3/9 done, 2 running</c>; <c>not started</c> before the stage has tasks.</summary>
    public string Counts
    {
        get
        {
            if (Total == 0)
            {
                return "no tasks yet";
            }

            var text = string.Create(CultureInfo.InvariantCulture, $"{Done}/{Total} done");
            if (Running > 0)
            {
                text += string.Create(CultureInfo.InvariantCulture, $", {Running} running");
            }

            if (Failed > 0)
            {
                text += string.Create(CultureInfo.InvariantCulture, $", {Failed} failed");
            }

            return text;
        }
    }
}
