using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace Orleans.Pipeline.Runtime.Networking.Tests.Support;

/// <summary>
/// Gives each endpoint under test meters of its own and sums what their instruments record, so a test reads its
/// endpoint's counters without seeing other tests running in parallel.
/// </summary>
public sealed class TestMeterFactory : IMeterFactory
{
    private readonly ConcurrentDictionary<Meter, byte> _meters = new();
    private readonly ConcurrentDictionary<string, StrongBox<long>> _totals = new();
    private readonly MeterListener _listener = new();

    public TestMeterFactory()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (_meters.ContainsKey(instrument.Meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
            Interlocked.Add(ref _totals.GetOrAdd(instrument.Name, static _ => new StrongBox<long>()).Value, value));
        _listener.Start();
    }

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(options.Name, options.Version, options.Tags, this);
        _meters.TryAdd(meter, 0);
        return meter;
    }

    /// <summary>The sum of everything recorded on <paramref name="instrumentName"/> so far.</summary>
    public long Total(string instrumentName) =>
        _totals.TryGetValue(instrumentName, out var total) ? Interlocked.Read(ref total.Value) : 0;

    public void Dispose()
    {
        _listener.Dispose();
        foreach (var meter in _meters.Keys)
        {
            meter.Dispose();
        }
    }
}
