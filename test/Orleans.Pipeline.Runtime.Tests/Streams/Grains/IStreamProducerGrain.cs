namespace Orleans.Pipeline.Runtime.Tests.Streams.Grains;

/// <summary>Produces numbered items into streams, reporting each acknowledged item to the <see cref="StreamProbe"/>.</summary>
public interface IStreamProducerGrain : IGrainWithStringKey
{
    /// <summary>Sends what <paramref name="request"/> says; returns how many items were acknowledged.</summary>
    Task<long> ProduceAsync(ProduceRequest request);

    /// <summary>Reports an error on one stream, after whatever this producer sent there before.</summary>
    Task ReportErrorAsync(string provider, string streamNamespace, string key, string message);

    Task<string> WhereAsync();
}
