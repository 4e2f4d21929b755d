using Microsoft.Extensions.Logging;

namespace Orleans.Pipeline.Runtime.Networking.Tests.Support;

public sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception);
