using System.Text;

namespace Orleans.Pipeline.Tasks.ExternalPrograms;

/// <summary>The last lines a program wrote to its standard error, for error messages.</summary>
internal sealed class StandardErrorTail(int capacity)
{
    private const int MaxLineLength = 1000;

    // Guards _lines: the stderr pump adds while the runner may format.
    private readonly Lock _lock = new();
    private readonly Queue<string> _lines = new();

    public void Add(string line)
    {
        if (capacity <= 0)
        {
            return;
        }

        if (line.Length > MaxLineLength)
        {
            line = string.Concat(line.AsSpan(0, MaxLineLength), "…");
        }

        lock (_lock)
        {
            if (_lines.Count == capacity)
            {
                _lines.Dequeue();
            }

            _lines.Enqueue(line);
        }
    }

    /// <summary>Text to append to an error message: empty when the program wrote nothing to stderr.</summary>
    public string Format()
    {
        lock (_lock)
        {
            if (_lines.Count == 0)
            {
                return string.Empty;
            }

            var text = new StringBuilder();
            text.Append("\nLast lines of its standard error:");
            foreach (var line in _lines)
            {
                text.Append("\n  ").Append(line);
            }

            return text.ToString();
        }
    }
}
