namespace Orleans.Pipeline.Specs.Syntax;

/// <summary>A mapping (a JSON object), entries in the order written; a key written twice appears twice.</summary>
internal sealed class SpecMapping(IReadOnlyList<SpecEntry> entries, int line, int column) : SpecNode(line, column)
{
    public IReadOnlyList<SpecEntry> Entries { get; } = entries;

    public override string Describe() => "a mapping";
}
