using Orleans.Pipeline.Runtime.Hosting;
using Orleans.Pipeline.Runtime.Streams;

namespace Orleans.Pipeline.Runtime.Tests.Streams.Grains;

public sealed class StreamProducerGrain(Silo silo, StreamProbe probe) : Grain, IStreamProducerGrain
{
    public async Task<long> ProduceAsync(ProduceRequest request)
    {
        var provider = this.GetStreamProvider(request.Provider);
        var streams = request.Keys
            .Select(key => StreamId.Create(request.Namespace, key))
            .Select(id => request.ProducerId is null ? provider.GetStream<StreamTestItem>(id) : provider.GetStream<StreamTestItem>(id, request.ProducerId))
            .ToArray();
        if (request.ExpectProducers > 0)
        {
            await Task.WhenAll(streams.Select(s => s.ExpectProducersAsync(request.ExpectProducers)));
        }

        var name = GetPrimaryKeyString();
        var ballast = new byte[request.BallastBytes];
        var end = request.FirstNumber + request.ItemsPerKey;
        long sent = 0;
        if (request.BatchSize == 0)
        {
            for (var number = request.FirstNumber; number < end; number++)
            {
                for (var k = 0; k < streams.Length; k++)
                {
                    var token = request.ProducerId is null ? null : new StreamSequenceToken(request.ProducerId, number);
                    await streams[k].OnNextAsync(new StreamTestItem { Number = number, Producer = name, Ballast = ballast }, token);
                    probe.Acknowledge(name, request.Keys[k], number);
                    probe.Produced(1);
                    sent++;
                }
            }
        }
        else
        {
            for (var first = request.FirstNumber; first < end; first += request.BatchSize)
            {
                var count = (int)Math.Min(request.BatchSize, end - first);
                var items = Enumerable.Range(0, count).Select(i => new StreamTestItem { Number = first + i, Producer = name, Ballast = ballast }).ToArray();
                var token = request.ProducerId is null ? null : new StreamSequenceToken(request.ProducerId, first);
                await Task.WhenAll(streams.Select(s => s.OnNextBatchAsync(items, token)));
                foreach (var key in request.Keys)
                {
                    probe.Acknowledge(name, key, first + count - 1);
                }

                probe.Produced(count * streams.Length);
                sent += count * streams.Length;
            }
        }

        if (request.Complete)
        {
            await Task.WhenAll(streams.Select(s => s.OnCompletedAsync()));
        }

        return sent;
    }

    public Task ReportErrorAsync(string provider, string streamNamespace, string key, string message) =>
        this.GetStreamProvider(provider).GetStream<StreamTestItem>(StreamId.Create(streamNamespace, key)).OnErrorAsync(new InvalidOperationException(message));

    public Task<string> WhereAsync() => Task.FromResult(silo.SiloName);
}
