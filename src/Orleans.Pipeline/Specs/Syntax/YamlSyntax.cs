using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Orleans.Pipeline.Specs.Syntax;

/// <summary>
/// Reads YAML into a <see cref="SpecNode"/> tree, recording each node's line and column. Only the first document
/// of the file is read. Plain scalars get their kind from YAML 1.2's core schema (<c>8</c> is a number,
/// <c>true</c> a boolean, <c>~</c> null); quoted ones are strings.
/// </summary>
internal static partial class YamlSyntax
{
    private const string Format = "YAML";

    // Deeper than any job spec; stops a self-referencing alias from recursing forever, and deep nesting from
    // exhausting the stack in YamlDotNet's recursive loader.
    private const int MaxDepth = 64;

    public static SyntaxResult Parse(string text)
    {
        var stream = new YamlStream();
        var parser = new TrackingYamlParser(new StringReader(text), MaxDepth);
        try
        {
            stream.Load(parser);
        }
        catch (YamlException error)
        {
            return SyntaxResult.Malformed(Format, ToInt(error.Start.Line), ToInt(error.Start.Column), Reason(error));
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // YamlDotNet reports some malformed text with other exceptions and no position: its scanner throws an
            // InvalidOperationException when a flow collection is still open at a line indented less than it, and its
            // loader an ArgumentException on some event sequences. The text is in memory, so whatever reading it
            // throws is about the text.
            return Unreadable(text, parser);
        }

        if (stream.Documents.Count == 0)
        {
            return SyntaxResult.Malformed(Format, 1, 1, "the file is empty");
        }

        var root = stream.Documents[0].RootNode;
        var converted = Convert(root, 0);
        return converted is null
            ? SyntaxResult.Malformed(Format, ToInt(root.Start.Line), ToInt(root.Start.Column), "nested more than " + MaxDepth + " levels deep")
            : new SyntaxResult(converted, null);
    }

    private static SpecNode? Convert(YamlNode node, int depth)
    {
        if (depth > MaxDepth)
        {
            return null;
        }

        var line = ToInt(node.Start.Line);
        var column = ToInt(node.Start.Column);
        switch (node)
        {
            case YamlMappingNode mapping:
                var entries = new List<SpecEntry>(mapping.Children.Count);
                foreach (var (key, value) in mapping.Children)
                {
                    var convertedValue = Convert(value, depth + 1);
                    if (convertedValue is null)
                    {
                        return null;
                    }

                    // A key that is a list or mapping names no field; its text makes the "unknown field" message.
                    var keyText = key is YamlScalarNode scalarKey ? scalarKey.Value ?? string.Empty : key.ToString();
                    entries.Add(new SpecEntry(keyText, ToInt(key.Start.Line), ToInt(key.Start.Column), convertedValue));
                }

                return new SpecMapping(entries, line, column);
            case YamlSequenceNode sequence:
                var items = new List<SpecNode>(sequence.Children.Count);
                foreach (var child in sequence.Children)
                {
                    var convertedChild = Convert(child, depth + 1);
                    if (convertedChild is null)
                    {
                        return null;
                    }

                    items.Add(convertedChild);
                }

                return new SpecSequence(items, line, column);
            case YamlScalarNode scalar:
                var text = scalar.Value ?? string.Empty;
                return new SpecScalar(text, KindOf(scalar, text), line, column);
            default:
                return new SpecScalar(string.Empty, ScalarKind.Null, line, column);
        }
    }

    private static ScalarKind KindOf(YamlScalarNode scalar, string text)
    {
        if (!scalar.Tag.IsEmpty)
        {
            return scalar.Tag.Value switch
            {
                "tag:yaml.org,2002:str" => ScalarKind.String,
                "tag:yaml.org,2002:int" or "tag:yaml.org,2002:float" => ScalarKind.Number,
                "tag:yaml.org,2002:bool" => ScalarKind.Boolean,
                "tag:yaml.org,2002:null" => ScalarKind.Null,
                _ => ScalarKind.String,
            };
        }

        if (scalar.Style is not (ScalarStyle.Plain or ScalarStyle.Any))
        {
            return ScalarKind.String;
        }

        return text switch
        {
            "" or "~" or "null" or "Null" or "NULL" => ScalarKind.Null,
            "true" or "True" or "TRUE" or "false" or "False" or "FALSE" => ScalarKind.Boolean,
            _ when NumberPattern().IsMatch(text) => ScalarKind.Number,
            _ => ScalarKind.String,
        };
    }

    /// <summary>The problem for a failure that came without a position: at the flow collection left open, else at the last node read.</summary>
    private static SyntaxResult Unreadable(string text, TrackingYamlParser parser)
    {
        var at = parser.ScannerPosition;
        var bracket = OpenFlowCollection.Find(text, (int)Math.Min(at.Index, text.Length));
        if (bracket >= 0)
        {
            var (what, closing) = text[bracket] == '[' ? ("list", ']') : ("mapping", '}');
            var (line, column) = OpenFlowCollection.Position(text, bracket);
            return SyntaxResult.Malformed(
                Format,
                line,
                column,
                $"the flow {what} '{text[bracket]}' here is still open at line {ToInt(at.Line)}, column {ToInt(at.Column)}; close it with '{closing}' " +
                "(a list or mapping continued on later lines must indent them)");
        }

        var last = parser.LastNode ?? at;
        return SyntaxResult.Malformed(
            Format,
            ToInt(last.Line),
            ToInt(last.Column),
            "the YAML could not be read from here on; check the indentation and the ':', '-' and quotes of this line and the one before");
    }

    /// <summary>YamlDotNet's message without the position it already carries separately.</summary>
    private static string Reason(YamlException error)
    {
        // Messages look like "(Line: 3, Col: 5, Idx: 20) - (Line: 3, Col: 6, Idx: 21): While parsing a block mapping, ...".
        var message = error.Message;
        var cut = message.IndexOf("): ", StringComparison.Ordinal);
        var reason = (cut >= 0 && message.StartsWith("(Line:", StringComparison.Ordinal) ? message[(cut + 3)..] : message).Trim();
        return reason.EndsWith('.') ? reason[..^1] : reason;
    }

    private static int ToInt(long value) => (int)Math.Clamp(value, 1, int.MaxValue);

    // YAML 1.2 core schema integers and floats, without the .inf/.nan forms no spec field can use.
    [GeneratedRegex(@"^[-+]?(?:[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();
}
