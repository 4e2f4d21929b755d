namespace Orleans.Pipeline.Runtime.Storage.Tests;

/// <summary>How one of several racing operations ended: its result (an ETag) or its exception.</summary>
internal sealed record RaceOutcome(int Writer, string? Etag, Exception? Error);
