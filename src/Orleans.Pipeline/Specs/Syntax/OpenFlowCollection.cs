namespace Orleans.Pipeline.Specs.Syntax;

/// <summary>
/// Finds the flow collection (<c>[</c> or <c>{</c>) still open at a point of YAML text, for the message when YamlDotNet
/// fails there without saying where or why. A light scan, not a parser: it skips comments and quoted scalars, and
/// outside brackets takes a bracket as opening a collection only where a value can start (at the start of a line, or
/// after <c>: </c>, <c>- </c>, <c>? </c>, an anchor or a tag), since a plain scalar there may contain brackets.
/// </summary>
internal static class OpenFlowCollection
{
    /// <summary>The index of the innermost bracket still open before <paramref name="end"/>, or -1 when none is.</summary>
    public static int Find(string text, int end)
    {
        ArgumentNullException.ThrowIfNull(text);
        end = Math.Clamp(end, 0, text.Length);
        var open = new Stack<int>();
        var valueMayStart = true;
        for (var i = 0; i < end; i++)
        {
            var c = text[i];
            var spaceAfter = i + 1 >= end || text[i + 1] is ' ' or '\t' or '\r' or '\n';
            switch (c)
            {
                case '\n':
                    valueMayStart = true;
                    break;
                case ' ' or '\t' or '\r':
                    break;
                case '#' when i == 0 || text[i - 1] is ' ' or '\t' or '\r' or '\n':
                    while (i + 1 < end && text[i + 1] != '\n')
                    {
                        i++;
                    }

                    break;
                case '\'' or '"' when valueMayStart:
                    i = EndOfQuoted(text, i, end);
                    valueMayStart = false;
                    break;
                case '[' or '{' when valueMayStart || open.Count > 0:
                    open.Push(i);
                    valueMayStart = true;
                    break;
                case ']' or '}' when open.Count > 0:
                    open.Pop();
                    valueMayStart = false;
                    break;
                case ',' when open.Count > 0:
                    valueMayStart = true;
                    break;
                case ':' or '-' or '?' when spaceAfter:
                    valueMayStart = true;
                    break;
                case '&' or '!' when valueMayStart:
                    // An anchor or a tag comes before the value it names.
                    while (i + 1 < end && text[i + 1] is not (' ' or '\t' or '\r' or '\n'))
                    {
                        i++;
                    }

                    break;
                default:
                    valueMayStart = false;
                    break;
            }
        }

        return open.Count > 0 ? open.Peek() : -1;
    }

    /// <summary>The 1-based line and column of <paramref name="index"/>, counted as YamlDotNet does (in characters).</summary>
    public static (int Line, int Column) Position(string text, int index)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lineStart = text.LastIndexOf('\n', Math.Max(0, index - 1)) + 1;
        var line = 1;
        for (var i = 0; i < lineStart; i++)
        {
            if (text[i] == '\n')
            {
                line++;
            }
        }

        return (line, index - lineStart + 1);
    }

    // The index of the closing quote ('' escapes a single quote, a backslash escapes in double quotes), or the end.
    private static int EndOfQuoted(string text, int start, int end)
    {
        var quote = text[start];
        for (var i = start + 1; i < end; i++)
        {
            if (quote == '"' && text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == quote)
            {
                if (quote == '\'' && i + 1 < end && text[i + 1] == '\'')
                {
                    i++;
                    continue;
                }

                return i;
            }
        }

        return end;
    }
}
