using Orleans.Pipeline.Runtime.Timers;

namespace Orleans.Pipeline.Runtime;

/// <summary>
/// Base class of grain implementations. The runtime creates the instance on the first call to its identity, runs
/// <see cref="OnActivateAsync"/>, then delivers calls one turn at a time; <see cref="OnDeactivateAsync"/> runs when
/// the activation is collected, asked to deactivate, or its silo stops.
/// </summary>
public abstract class Grain
{
    [ThreadStatic]
    private static IGrainContext? s_activating;

    private readonly IGrainContext? _context;

    protected Grain()
    {
        _context = s_activating;
    }

    /// <summary>The activation this instance belongs to. Set for instances created by the runtime.</summary>
    public IGrainContext GrainContext =>
        _context ?? throw new InvalidOperationException($"{GetType().Name} was not created by the grain runtime; use IGrainFactory.GetGrain.");

    public GrainId GrainId => GrainContext.GrainId;

    public IGrainFactory GrainFactory => GrainContext.GrainFactory;

    public IServiceProvider ServiceProvider => GrainContext.Services;

    /// <summary>The key of a string-keyed grain, or the text form of any key.</summary>
    public string GetPrimaryKeyString() => GrainId.Key;

    public Guid GetPrimaryKey() => Guid.Parse(GrainId.Key);

    public long GetPrimaryKeyLong() => long.Parse(GrainId.Key, System.Globalization.CultureInfo.InvariantCulture);

    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Registers a timer whose callback runs as a turn of this activation.</summary>
    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period) =>
        GrainContext.RegisterTimer(callback, dueTime, period);

    protected void DeactivateOnIdle() => GrainContext.DeactivateOnIdle();

    protected void DelayDeactivation(TimeSpan timeSpan) => GrainContext.DelayDeactivation(timeSpan);

    /// <summary>
    /// Runs <paramref name="create"/> with <paramref name="context"/> visible to the <see cref="Grain"/> constructor.
    /// Called by generated activators; not for grain code.
    /// </summary>
    public static T Construct<T>(IGrainContext context, Func<T> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        var previous = s_activating;
        s_activating = context;
        try
        {
            return create();
        }
        finally
        {
            s_activating = previous;
        }
    }
}
