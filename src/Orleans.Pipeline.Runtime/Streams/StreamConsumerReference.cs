namespace Orleans.Pipeline.Runtime.Streams;

/// <summary>A reference to a consumer grain, through which a stream delivers.</summary>
internal sealed class StreamConsumerReference(GrainId grainId, IGrainCallInvoker invoker) : GrainReference(grainId, invoker), IStreamConsumerExtension
{
    public override Type InterfaceType => typeof(IStreamConsumerExtension);

    public Task DeliverAsync(StreamDelivery delivery) => InvokeAsync(new StreamDeliveryRequest { Delivery = delivery });
}
