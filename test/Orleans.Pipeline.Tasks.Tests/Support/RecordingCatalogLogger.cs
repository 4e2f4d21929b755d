using Microsoft.Extensions.Logging;

namespace Orleans.Pipeline.Tasks.Tests.Support;

/// <summary>A <see cref="RecordingLogger"/> typed for the catalog's constructor.</summary>
internal sealed class RecordingCatalogLogger : ILogger<TaskFunctionCatalog>
{
    private readonly RecordingLogger _inner = new();

    public IReadOnlyList<string> Messages => _inner.Messages;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _inner.Log(logLevel, eventId, state, exception, formatter);
}
