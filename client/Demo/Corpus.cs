namespace Orleans.Pipeline.Client.Demo;

/// <summary>A generated text corpus: its files, and the count of every word in them, counted directly as they were written.</summary>
internal sealed record Corpus(IReadOnlyList<string> Files, IReadOnlyDictionary<string, long> Counts, long Words, long Bytes);
