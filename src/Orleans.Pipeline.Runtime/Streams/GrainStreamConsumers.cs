using System.Runtime.CompilerServices;

namespace Orleans.Pipeline.Runtime.Streams;

/// <summary>
/// The observers attached in one activation, by (provider, stream, subscription). Lives exactly as long as the
/// activation: a new activation starts with none and attaches them again (implicit subscriptions by subscribing,
/// explicit ones by resuming their handles).
/// </summary>
internal sealed class GrainStreamConsumers
{
    private static readonly ConditionalWeakTable<IGrainContext, GrainStreamConsumers> s_byActivation = new();

    private readonly Lock _lock = new();
    private readonly Dictionary<(string Provider, StreamId Stream, string SubscriptionId), ConsumerSubscription> _subscriptions = [];

    public static GrainStreamConsumers For(IGrainContext context) => s_byActivation.GetValue(context, static _ => new GrainStreamConsumers());

    public static ConsumerSubscription? Find(IGrainContext context, string provider, StreamId stream, string subscriptionId)
    {
        if (!s_byActivation.TryGetValue(context, out var consumers))
        {
            return null;
        }

        lock (consumers._lock)
        {
            return consumers._subscriptions.GetValueOrDefault((provider, stream, subscriptionId));
        }
    }

    /// <summary>Attaches <paramref name="subscription"/>, replacing the observer attached to the same subscription, and keeping its cursor.</summary>
    public void Attach(ConsumerSubscription subscription)
    {
        lock (_lock)
        {
            var key = (subscription.Provider.Name, subscription.StreamId, subscription.SubscriptionId);
            if (_subscriptions.TryGetValue(key, out var previous))
            {
                subscription.TakeCursorFrom(previous);
            }

            _subscriptions[key] = subscription;
        }
    }

    public void Detach(string provider, StreamId stream, string subscriptionId)
    {
        lock (_lock)
        {
            _subscriptions.Remove((provider, stream, subscriptionId));
        }
    }
}
