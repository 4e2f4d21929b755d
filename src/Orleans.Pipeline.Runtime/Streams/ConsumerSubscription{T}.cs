using Orleans.Pipeline.Runtime.Serialization;

namespace Orleans.Pipeline.Runtime.Streams;

/// <summary>A subscription whose observer takes <typeparamref name="T"/>: items are read with <typeparamref name="T"/>'s codec.</summary>
internal sealed class ConsumerSubscription<T>(
    StreamProviderEntry provider,
    StreamId streamId,
    string subscriptionId,
    IGrainContext context,
    IAsyncObserver<T> observer,
    StreamSubscriptionOptions? options)
    : ConsumerSubscription(provider, streamId, subscriptionId, context, options)
{
    // Awaits here stay on the activation: the observer is grain code.
    protected override async Task<bool> ConsumeAsync(StreamDelivery delivery)
    {
        var cursor = Cursor;
        var changed = false;
        foreach (var entry in delivery.Entries)
        {
            var last = cursor.LastSequenceOf(entry.ProducerId);
            if (entry.FirstSequence + entry.Count - 1 <= last)
            {
                continue;
            }

            if (entry.Kind == StreamEntryKind.Error)
            {
                var error = StreamErrors.Deserialize(entry.Payload);
                await ConsumeOneAsync(cursor, entry.ProducerId, entry.FirstSequence, last, () => observer.OnErrorAsync(error));
                changed = true;
                continue;
            }

            var items = ReadItems(entry);
            for (var i = 0; i < items.Length; i++)
            {
                var sequence = entry.FirstSequence + i;
                if (sequence <= last)
                {
                    continue;
                }

                var item = items[i];
                var token = new StreamSequenceToken(entry.ProducerId, sequence);
                await ConsumeOneAsync(cursor, entry.ProducerId, sequence, last, () => observer.OnNextAsync(item, token));
                last = sequence;
                changed = true;
            }
        }

        if (delivery.Completed && !cursor.Completed)
        {
            cursor.Completed = true;
            try
            {
                await observer.OnCompletedAsync();
            }
            catch
            {
                cursor.Completed = false;
                throw;
            }

            changed = true;
        }

        return changed;
    }

    private static async Task ConsumeOneAsync(StreamCursor cursor, string producerId, long sequence, long previous, Func<Task> consume)
    {
        cursor.Sequences[producerId] = sequence;
        try
        {
            await consume();
        }
        catch
        {
            if (previous == 0)
            {
                cursor.Sequences.Remove(producerId);
            }
            else
            {
                cursor.Sequences[producerId] = previous;
            }

            throw;
        }
    }

    private T[] ReadItems(StreamDeliveryEntry entry)
    {
        var items = new T[entry.Count];
        var reader = new Reader(entry.Payload, Context.GrainFactory);
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = Codec<T>.Read(ref reader);
        }

        return items;
    }
}
