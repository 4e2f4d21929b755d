namespace Orleans.Pipeline.Specs;

/// <summary>
/// Builds a <see cref="JobSpec"/> in code:
/// <code>
/// JobSpec.Create("wc")
///     .Input(0, Location.OnNode("silo0", "/data/a.txt"))
///     .Stage("map", Grouping.Split, TaskRef.Function("wordcount_map", ("partitions", "8")))
///     .Stage("reduce", Grouping.GroupLabel, TaskRef.Function("wordcount_reduce"))
///     .Build();
/// </code>
/// The builder does not validate: the spec is checked when it is submitted, which reports every problem at once.
/// Limits default to <see cref="JobLimits.Default"/>.
/// </summary>
public sealed class JobSpecBuilder
{
    private readonly string _name;
    private readonly List<JobInput> _inputs = [];
    private readonly List<StageSpec> _stages = [];
    private int _maxTaskFailures = JobLimits.DefaultMaxTaskFailures;
    private TimeSpan _taskTimeout = JobLimits.DefaultTaskTimeout;

    /// <summary>Starts a job called <paramref name="name"/>; <see cref="JobSpec.Create"/> is the usual way in.</summary>
    public JobSpecBuilder(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        _name = name;
    }

    /// <summary>Adds an input with label <paramref name="label"/> readable from any of <paramref name="replicas"/>.</summary>
    public JobSpecBuilder Input(int label, params Location[] replicas)
    {
        ArgumentNullException.ThrowIfNull(replicas);
        _inputs.Add(new JobInput(label, [.. replicas]));
        return this;
    }

    /// <summary>Adds one input per text, all with label <paramref name="label"/>, given inline.</summary>
    public JobSpecBuilder InlineInputs(int label, params string[] texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        foreach (var text in texts)
        {
            _inputs.Add(new JobInput(label, [Location.Inline(text)]));
        }

        return this;
    }

    /// <summary>Appends a stage; stages run in the order they are added.</summary>
    public JobSpecBuilder Stage(string name, Grouping grouping, TaskRef task, bool concurrent = false)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(task);
        _stages.Add(new StageSpec(name, grouping, task, concurrent));
        return this;
    }

    /// <summary>How many failures of one task end the job; default 3.</summary>
    public JobSpecBuilder MaxTaskFailures(int failures)
    {
        _maxTaskFailures = failures;
        return this;
    }

    /// <summary>How long one task attempt may run; default 10 minutes.</summary>
    public JobSpecBuilder TaskTimeout(TimeSpan timeout)
    {
        _taskTimeout = timeout;
        return this;
    }

    /// <summary>The spec as built so far; the builder can go on and build others.</summary>
    public JobSpec Build() => new(_name, [.. _inputs], [.. _stages], new JobLimits(_maxTaskFailures, _taskTimeout));
}
