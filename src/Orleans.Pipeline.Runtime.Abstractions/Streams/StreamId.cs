using System.Globalization;

namespace Orleans.Pipeline.Runtime.Streams;

/// <summary>
/// The identity of a stream within a provider: a namespace (which grain classes subscribe implicitly, see
/// <see cref="ImplicitStreamSubscriptionAttribute"/>) and a key (the key of the implicitly subscribed consumer grain).
/// Guid keys are written "D"-formatted and integer keys in invariant decimal, the same spellings a <see cref="GrainId"/>
/// uses, so a stream keyed by a grain's key reaches that grain.
/// </summary>
public readonly record struct StreamId
{
    /// <param name="namespace">Non-empty, without '/'.</param>
    /// <param name="key">Any text, empty included.</param>
    public StreamId(string @namespace, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        ArgumentNullException.ThrowIfNull(key);
        if (@namespace.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Stream namespace '{@namespace}' contains '/'; namespaces are names such as 'orders' or 'stage-2'.", nameof(@namespace));
        }

        Namespace = @namespace;
        Key = key;
    }

    /// <summary>The namespace: implicit subscriptions match it exactly.</summary>
    public string Namespace { get; }

    /// <summary>The key within the namespace.</summary>
    public string Key { get; }

    public static StreamId Create(string @namespace, string key) => new(@namespace, key);

    public static StreamId Create(string @namespace, Guid key) => new(@namespace, key.ToString("D"));

    public static StreamId Create(string @namespace, long key) => new(@namespace, key.ToString(CultureInfo.InvariantCulture));

    public override string ToString() => $"{Namespace}/{Key}";
}
