namespace Orleans.Pipeline.Specs.Syntax;

/// <summary>A list.</summary>
internal sealed class SpecSequence(IReadOnlyList<SpecNode> items, int line, int column) : SpecNode(line, column)
{
    public IReadOnlyList<SpecNode> Items { get; } = items;

    public override string Describe() => "a list";
}
