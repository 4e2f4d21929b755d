using Orleans.Pipeline.Runtime.Invocation;
using Orleans.Pipeline.Runtime.Serialization;

namespace Orleans.Pipeline.Runtime.Streams;

/// <summary>
/// A delivery to a consumer grain, written by hand rather than generated: it runs on any grain (as a normal,
/// non-interleaving turn), whatever interfaces its class implements, and finds the observers the activation attached.
/// </summary>
internal sealed class StreamDeliveryRequest : Request<VoidResult>
{
    public const string Id = "Orleans.Pipeline.Runtime.Streams.IStreamConsumerExtension.DeliverAsync(Orleans.Pipeline.Runtime.Streams.StreamDelivery)";

    public StreamDelivery Delivery { get; set; } = null!;

    public override string MethodId => Id;

    public override string MethodName => "IStreamConsumerExtension.DeliverAsync";

    public override void WriteArguments(ref Writer writer) => Codec<StreamDelivery>.Write(ref writer, Delivery);

    public override void ReadArguments(ref Reader reader) => Delivery = Codec<StreamDelivery>.Read(ref reader);

    protected override ValueTask<VoidResult> InvokeCore(object grain) => AsVoid(StreamConsumerExtension.DeliverAsync(grain, Delivery));
}
