namespace Orleans.Pipeline.Runtime.Streams;

/// <summary>
/// The delivery end every grain has without implementing anything: a stream sends a delivery to the consumer grain's
/// identity, and the runtime hands it to the observers the activation attached (as an extension of the grain, not a
/// method of its class). Only the reference type <see cref="StreamConsumerReference"/> implements it.
/// </summary>
internal interface IStreamConsumerExtension : IAddressable;
