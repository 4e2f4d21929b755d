using System.Text;

namespace Orleans.Pipeline.Tasks.ExternalPrograms;

/// <summary>
/// Splits a program's command line into its words, like a POSIX shell without expansions: words are separated by
/// whitespace; single quotes keep everything literally; inside double quotes a backslash escapes <c>"</c> and
/// <c>\</c>; outside quotes a backslash escapes any character. No shell is involved when the program runs.
/// </summary>
internal static class CommandLine
{
    /// <exception cref="FormatException">A quote is not closed, the line ends in a backslash, or there are no words.</exception>
    public static string[] Split(string commandLine)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < commandLine.Length; i++)
        {
            var c = commandLine[i];
            if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }

                continue;
            }

            inWord = true;
            switch (c)
            {
                case '\'':
                    var close = commandLine.IndexOf('\'', i + 1);
                    if (close < 0)
                    {
                        throw new FormatException($"The single quote at position {i} of the command line is not closed.");
                    }

                    word.Append(commandLine, i + 1, close - i - 1);
                    i = close;
                    break;
                case '"':
                    i = ReadDoubleQuoted(commandLine, i, word);
                    break;
                case '\\':
                    if (i + 1 == commandLine.Length)
                    {
                        throw new FormatException("The command line ends with a backslash.");
                    }

                    word.Append(commandLine[++i]);
                    break;
                default:
                    word.Append(c);
                    break;
            }
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words.Count > 0 ? [.. words] : throw new FormatException("The command line is empty.");
    }

    private static int ReadDoubleQuoted(string commandLine, int open, StringBuilder word)
    {
        for (var i = open + 1; i < commandLine.Length; i++)
        {
            var c = commandLine[i];
            if (c == '"')
            {
                return i;
            }

            if (c == '\\' && i + 1 < commandLine.Length && commandLine[i + 1] is '"' or '\\')
            {
                c = commandLine[++i];
            }

            word.Append(c);
        }

        throw new FormatException($"The double quote at position {open} of the command line is not closed.");
    }
}
