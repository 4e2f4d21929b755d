using System.Text;
using System.Text.Json;

namespace Orleans.Pipeline.Specs.Syntax;

/// <summary>
/// Reads JSON into a <see cref="SpecNode"/> tree, recording each node's line and column. Comments and trailing
/// commas are accepted, since job files are written by hand.
/// </summary>
internal static class JsonSyntax
{
    private const string Format = "JSON";

    public static SyntaxResult Parse(string text)
    {
        // A byte order mark left in the text is not JSON.
        var bytes = Encoding.UTF8.GetBytes(text.TrimStart('\uFEFF'));
        var lines = new LineMap(bytes);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        });

        if (string.IsNullOrWhiteSpace(text))
        {
            return SyntaxResult.Malformed(Format, 1, 1, "the file is empty");
        }

        try
        {
            reader.Read();
            var root = ReadValue(ref reader, lines);

            // Reading on makes the reader throw on anything but comments and white space after the spec.
            reader.Read();
            return new SyntaxResult(root, null);
        }
        catch (JsonException error)
        {
            // The reader's positions are 0-based and count bytes; report 1-based characters.
            var line = (int)(error.LineNumber ?? 0);
            var position = lines.Position(line, (int)(error.BytePositionInLine ?? 0));
            return SyntaxResult.Malformed(Format, position.Line, position.Column, Reason(error.Message));
        }
        catch (InvalidOperationException)
        {
            // The reader accepts a \u escape of half a surrogate pair; decoding the string then throws.
            var (line, column) = lines.Position(reader.TokenStartIndex);
            return SyntaxResult.Malformed(Format, line, column, "this string has a \\u escape that is half of a UTF-16 surrogate pair");
        }
    }

    private static SpecNode ReadValue(ref Utf8JsonReader reader, LineMap lines)
    {
        var (line, column) = lines.Position(reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var entries = new List<SpecEntry>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var (keyLine, keyColumn) = lines.Position(reader.TokenStartIndex);
                    var key = reader.GetString()!;
                    reader.Read();
                    entries.Add(new SpecEntry(key, keyLine, keyColumn, ReadValue(ref reader, lines)));
                }

                return new SpecMapping(entries, line, column);
            case JsonTokenType.StartArray:
                var items = new List<SpecNode>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(ReadValue(ref reader, lines));
                }

                return new SpecSequence(items, line, column);
            case JsonTokenType.String:
                return new SpecScalar(reader.GetString()!, ScalarKind.String, line, column);
            case JsonTokenType.Number:
                return new SpecScalar(Encoding.UTF8.GetString(reader.ValueSpan), ScalarKind.Number, line, column);
            case JsonTokenType.True:
                return new SpecScalar("true", ScalarKind.Boolean, line, column);
            case JsonTokenType.False:
                return new SpecScalar("false", ScalarKind.Boolean, line, column);
            default:
                return new SpecScalar("null", ScalarKind.Null, line, column);
        }
    }

    /// <summary>The reader's message without its own "LineNumber: … | BytePositionInLine: …" suffix.</summary>
    private static string Reason(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        var reason = (cut < 0 ? message : message[..cut]).Trim();
        return reason.EndsWith('.') ? reason[..^1] : reason;
    }
}
