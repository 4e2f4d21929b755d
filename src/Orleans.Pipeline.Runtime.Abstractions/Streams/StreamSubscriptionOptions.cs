namespace Orleans.Pipeline.Runtime.Streams;

/// <summary>
/// Where a subscription keeps the cursor that de-duplicates its items (see <see cref="StreamCursor"/>).
/// </summary>
/// <remarks>
/// By default (<see cref="Cursor"/> null) the runtime keeps the cursor itself: in grain storage for a durable
/// provider, in the activation's memory otherwise, and stores it after each batch the observer handled, before the
/// batch is acknowledged. An item is then handed to the observer once, except that a silo crash between the observer
/// finishing a batch and that store can hand the batch to the next activation again. A grain whose effects live in
/// its own persistent state closes that window by keeping the cursor in the same state: set <see cref="Cursor"/> to
/// a cursor inside the state and <see cref="SaveAsync"/> to its <c>WriteStateAsync</c>. The runtime advances the
/// cursor before each item reaches the observer and calls <see cref="SaveAsync"/> after each batch; if the observer
/// or the save fails, the activation is deactivated, so the next one starts again from the stored state.
/// </remarks>
public sealed class StreamSubscriptionOptions
{
    /// <summary>A cursor inside the grain's persistent state. Default: null (the runtime keeps the cursor).</summary>
    public StreamCursor? Cursor { get; set; }

    /// <summary>Stores the state holding <see cref="Cursor"/>; required with it. Default: null.</summary>
    public Func<Task>? SaveAsync { get; set; }
}
