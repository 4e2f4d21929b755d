namespace Orleans.Pipeline.Specs.Syntax;

/// <summary>
/// A node of a job file as written, JSON or YAML alike, with its 1-based position. Reading the spec from this tree
/// rather than from a JSON or YAML object model lets one reader report the same problems, at the same paths, for
/// both formats.
/// </summary>
internal abstract class SpecNode(int line, int column)
{
    public int Line { get; } = line;

    public int Column { get; } = column;

    /// <summary>How the node is named in a message: "a list", "a mapping", "the number 3", "text".</summary>
    public abstract string Describe();
}
