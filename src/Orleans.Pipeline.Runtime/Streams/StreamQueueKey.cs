namespace Orleans.Pipeline.Runtime.Streams;

/// <summary>
/// The key of a stream's grain and durable queue: <c>provider/namespace/key</c>. Provider names and namespaces have no
/// '/', so the first two slashes split it and the key may hold any text.
/// </summary>
internal static class StreamQueueKey
{
    public static string Format(string provider, StreamId streamId) => $"{provider}/{streamId.Namespace}/{streamId.Key}";

    public static (string Provider, StreamId StreamId) Parse(string queueKey)
    {
        var first = queueKey.IndexOf('/', StringComparison.Ordinal);
        var second = first < 0 ? -1 : queueKey.IndexOf('/', first + 1);
        if (first <= 0 || second <= first + 1)
        {
            throw new FormatException($"'{queueKey}' is not a stream queue key; expected 'provider/namespace/key'.");
        }

        return (queueKey[..first], new StreamId(queueKey[(first + 1)..second], queueKey[(second + 1)..]));
    }

    public static void ValidateProviderName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Stream provider name '{name}' contains '/'; use a plain name such as 'pipeline'.", nameof(name));
        }
    }
}
