namespace Orleans.Pipeline.Runtime.Streams;

/// <summary>
/// On a grain class: the grain is subscribed to every stream of namespace <see cref="StreamNamespace"/>, of every
/// provider. An item on stream (namespace, key) activates the grain of this class whose key is the stream's key and
/// delivers the item to the observer the grain attaches, in <c>OnActivateAsync</c>, with
/// <see cref="IAsyncStream{T}.SubscribeAsync"/> on that stream. Implicit subscriptions are not stored anywhere and
/// cannot be removed. A class may carry several.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ImplicitStreamSubscriptionAttribute(string streamNamespace) : Attribute
{
    /// <summary>The namespace, matched exactly.</summary>
    public string StreamNamespace { get; } = streamNamespace;
}
