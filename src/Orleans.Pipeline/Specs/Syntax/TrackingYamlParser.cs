using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Orleans.Pipeline.Specs.Syntax;

/// <summary>
/// YamlDotNet's parser, watched as it reads: it keeps where the last node read starts and how far the scanner got,
/// so that a failure YamlDotNet reports without a position can still be placed in the file, and it refuses nesting
/// deeper than the given depth as it reads, before YamlDotNet's recursive loader can run out of stack.
/// </summary>
internal sealed class TrackingYamlParser : IParser
{
    private readonly Scanner _scanner;
    private readonly Parser _parser;
    private readonly int _maxDepth;
    private int _depth;

    public TrackingYamlParser(TextReader reader, int maxDepth)
    {
        _scanner = new Scanner(reader, skipComments: true);
        _parser = new Parser(_scanner);
        _maxDepth = maxDepth;
    }

    public ParsingEvent? Current => _parser.Current;

    /// <summary>Where the last node (scalar, alias or collection) read starts; null before the first.</summary>
    public Mark? LastNode { get; private set; }

    /// <summary>How far the scanner has read.</summary>
    public Mark ScannerPosition => _scanner.CurrentPosition;

    /// <exception cref="YamlException">The collection just opened is nested deeper than allowed.</exception>
    public bool MoveNext()
    {
        if (!_parser.MoveNext())
        {
            return false;
        }

        var current = _parser.Current!;
        switch (current)
        {
            case SequenceStart or MappingStart:
                LastNode = current.Start;
                if (++_depth > _maxDepth)
                {
                    throw new YamlException(current.Start, current.End, $"nested more than {_maxDepth} levels deep");
                }

                break;
            case SequenceEnd or MappingEnd:
                _depth--;
                break;
            case Scalar or AnchorAlias:
                LastNode = current.Start;
                break;
        }

        return true;
    }
}
