using System.Globalization;

namespace Orleans.Pipeline.Tasks.ExternalPrograms;

/// <summary>One line a program sent, parsed.</summary>
/// <param name="Kind">Which message.</param>
/// <param name="Label">The label of an <c>OUTPUT</c>; 0 otherwise.</param>
/// <param name="Text">The path of an <c>OUTPUT</c>, the text of a <c>LOG</c>, <c>ERROR</c> or <c>FATAL</c>; empty otherwise.</param>
internal readonly record struct ProtocolMessage(ProtocolMessageKind Kind, int Label, string Text)
{
    /// <summary>Parses one line (without its line break; a trailing <c>\r</c> is ignored). False when it is malformed.</summary>
    public static bool TryParse(string line, out ProtocolMessage message)
    {
        var span = line.AsSpan().TrimEnd('\r');
        var space = span.IndexOf(' ');
        var command = space < 0 ? span : span[..space];
        var argument = space < 0 ? [] : span[(space + 1)..];
        message = default;
        switch (command)
        {
            case "HEARTBEAT" when argument.IsWhiteSpace():
                message = new ProtocolMessage(ProtocolMessageKind.Heartbeat, 0, string.Empty);
                return true;
            case "DONE" when argument.IsWhiteSpace():
                message = new ProtocolMessage(ProtocolMessageKind.Done, 0, string.Empty);
                return true;
            case "LOG":
                message = new ProtocolMessage(ProtocolMessageKind.Log, 0, argument.ToString());
                return true;
            case "ERROR":
                message = new ProtocolMessage(ProtocolMessageKind.Error, 0, argument.ToString());
                return true;
            case "FATAL":
                message = new ProtocolMessage(ProtocolMessageKind.Fatal, 0, argument.ToString());
                return true;
            case "OUTPUT":
                var separator = argument.IndexOf(' ');
                if (separator > 0
                    && int.TryParse(argument[..separator], NumberStyles.None, CultureInfo.InvariantCulture, out var label)
                    && !argument[(separator + 1)..].IsWhiteSpace())
                {
                    message = new ProtocolMessage(ProtocolMessageKind.Output, label, argument[(separator + 1)..].ToString());
                    return true;
                }

                return false;
            default:
                return false;
        }
    }
}
