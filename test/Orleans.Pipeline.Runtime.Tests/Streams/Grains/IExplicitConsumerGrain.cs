namespace Orleans.Pipeline.Runtime.Tests.Streams.Grains;

/// <summary>Subscribes explicitly to streams of namespace <see cref="StreamNames.Explicit"/> and resumes them on activation.</summary>
public interface IExplicitConsumerGrain : IGrainWithStringKey
{
    /// <summary>Subscribes to (provider, <see cref="StreamNames.Explicit"/>, key); returns the subscription id.</summary>
    Task<string> SubscribeAsync(string provider, string key);

    /// <summary>The subscription ids this grain has on the stream.</summary>
    Task<List<string>> GetSubscriptionsAsync(string provider, string key);

    Task UnsubscribeAllAsync(string provider, string key);

    /// <summary>Deactivates once this call returns.</summary>
    Task DeactivateAsync();

    Task<string> WhereAsync();
}
