using Orleans.Pipeline.Runtime.Invocation;
using Orleans.Pipeline.Runtime.Manifest;

namespace Orleans.Pipeline.Runtime.Streams;

/// <summary>Registers the delivery method with the grain manifest (so silos can receive it) and dispatches deliveries.</summary>
internal static class StreamConsumerExtension
{
    private static int s_registered;

    /// <summary>Makes <see cref="StreamDeliveryRequest"/> known to this process's grain manifest; idempotent.</summary>
    public static void EnsureRegistered()
    {
        if (Interlocked.Exchange(ref s_registered, 1) == 1)
        {
            return;
        }

        GrainTypeManifest.RegisterInterface(new GrainInterfaceRegistration(
            typeof(IStreamConsumerExtension),
            static (grainId, invoker) => new StreamConsumerReference(grainId, invoker),
            new Dictionary<string, Func<Request>>(StringComparer.Ordinal)
            {
                [StreamDeliveryRequest.Id] = static () => new StreamDeliveryRequest(),
            }));
    }

    public static Task DeliverAsync(object grain, StreamDelivery delivery)
    {
        if (grain is not Grain consumer)
        {
            throw new StreamException($"A delivery of stream {delivery.Provider}/{delivery.StreamId} reached an object that is not a grain ({grain.GetType().Name}).");
        }

        var subscription = GrainStreamConsumers.Find(consumer.GrainContext, delivery.Provider, delivery.StreamId, delivery.SubscriptionId)
            ?? throw new StreamException(
                $"Grain {consumer.GrainId} received items of stream {delivery.Provider}/{delivery.StreamId} (subscription {delivery.SubscriptionId}) but has no observer attached: " +
                "an implicitly subscribed grain calls SubscribeAsync on the stream in OnActivateAsync, and a grain with explicit subscriptions resumes their handles there (GetAllSubscriptionHandles, then ResumeAsync).");
        return subscription.DeliverAsync(delivery);
    }
}
