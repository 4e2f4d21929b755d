namespace Orleans.Pipeline.Runtime.Tests.Streams.Grains;

/// <summary>The providers and namespaces the stream tests use.</summary>
public static class StreamNames
{
    public const string Memory = "mem";
    public const string Durable = "durable";

    /// <summary>Implicitly consumed by <see cref="CheckingConsumerGrain"/> (records into the probe).</summary>
    public const string Checked = "checked";

    /// <summary>Implicitly consumed by <see cref="PersistentConsumerGrain"/> (records into its own state, with the cursor).</summary>
    public const string Persisted = "persisted";

    /// <summary>Implicitly consumed by <see cref="SlowConsumerGrain"/>.</summary>
    public const string Slow = "slow";

    /// <summary>No implicit subscribers: explicit subscriptions only.</summary>
    public const string Explicit = "explicit";

    public static readonly string[] Providers = [Memory, Durable];
}
