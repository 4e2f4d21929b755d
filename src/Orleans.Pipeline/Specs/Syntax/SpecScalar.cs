namespace Orleans.Pipeline.Specs.Syntax;

/// <summary>A string, number, boolean or null, with the text it was written as.</summary>
internal sealed class SpecScalar(string text, ScalarKind kind, int line, int column) : SpecNode(line, column)
{
    public string Text { get; } = text;

    public ScalarKind Kind { get; } = kind;

    public override string Describe() => Kind switch
    {
        ScalarKind.Null => "nothing (null)",
        ScalarKind.Number => "the number " + Text,
        ScalarKind.Boolean => Text,
        _ => "'" + Text + "'",
    };
}
