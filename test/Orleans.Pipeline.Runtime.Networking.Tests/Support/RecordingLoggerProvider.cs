using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Orleans.Pipeline.Runtime.Networking.Tests.Support;

/// <summary>Keeps every log entry so tests can check what an endpoint reported.</summary>
public sealed class RecordingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyCollection<LogEntry> Entries => _entries;

    public ILoggerFactory CreateFactory() => LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(this));

    public IEnumerable<LogEntry> Warnings(string categorySuffix) =>
        _entries.Where(entry => entry.Level == LogLevel.Warning && entry.Category.EndsWith(categorySuffix, StringComparison.Ordinal));

    public ILogger CreateLogger(string categoryName) => new RecordingLogger(categoryName, _entries);

    public void Dispose()
    {
    }
}
