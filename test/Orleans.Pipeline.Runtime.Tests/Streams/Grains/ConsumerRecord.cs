using Orleans.Pipeline.Runtime.Streams;

namespace Orleans.Pipeline.Runtime.Tests.Streams.Grains;

/// <summary>What one consumer received, as its observer saw it, checked item by item.</summary>
public sealed class ConsumerRecord
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, long> _lastByProducer = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _countBySender = new(StringComparer.Ordinal);
    private readonly List<string> _violations = [];
    private readonly List<string> _activationSilos = [];
    private readonly List<string> _errors = [];
    private long _total;
    private int _completions;
    private long _totalAtCompletion = -1;

    public long Total { get { lock (_lock) { return _total; } } }

    public int Completions { get { lock (_lock) { return _completions; } } }

    /// <summary>How many items had arrived when completion was signalled (-1: not yet).</summary>
    public long TotalAtCompletion { get { lock (_lock) { return _totalAtCompletion; } } }

    public IReadOnlyList<string> Violations { get { lock (_lock) { return [.. _violations]; } } }

    public IReadOnlyList<string> ActivationSilos { get { lock (_lock) { return [.. _activationSilos]; } } }

    public IReadOnlyList<string> Errors { get { lock (_lock) { return [.. _errors]; } } }

    public long CountFrom(string sender) { lock (_lock) { return _countBySender.GetValueOrDefault(sender); } }

    public void Activated(string silo) { lock (_lock) { _activationSilos.Add(silo); } }

    /// <summary>Checks the item is the next of its producer (no gap, no repeat) and carries the number its token does.</summary>
    public void Received(StreamTestItem item, StreamSequenceToken token)
    {
        lock (_lock)
        {
            var last = _lastByProducer.GetValueOrDefault(token.ProducerId);
            if (token.SequenceNumber != last + 1 || item.Number != token.SequenceNumber)
            {
                _violations.Add($"producer {item.Producer} ({token.ProducerId}): got #{token.SequenceNumber} (item {item.Number}) after #{last}");
            }

            _lastByProducer[token.ProducerId] = Math.Max(last, token.SequenceNumber);
            _countBySender[item.Producer] = _countBySender.GetValueOrDefault(item.Producer) + 1;
            _total++;
        }
    }

    public void Completed()
    {
        lock (_lock)
        {
            _completions++;
            _totalAtCompletion = _total;
        }
    }

    public void Failed(Exception error) { lock (_lock) { _errors.Add($"{error.GetType().Name}: {error.Message} (after {_total} items)"); } }
}
