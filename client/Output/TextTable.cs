using System.Text;

namespace Orleans.Pipeline.Client.Output;

/// <summary>Plain columns padded to their widest cell, so output reads well on a terminal and splits well in a script.</summary>
internal sealed class TextTable
{
    private readonly string[] _headers;
    private readonly bool[] _rightAligned;
    private readonly List<string[]> _rows = [];

    /// <summary>A table with these column headers; a header starting with '&gt;' is a right-aligned (numeric) column, shown without the '&gt;'.</summary>
    public TextTable(params string[] headers)
    {
        _rightAligned = headers.Select(h => h.StartsWith('>')).ToArray();
        _headers = headers.Select(h => h.TrimStart('>')).ToArray();
    }

    public int Count => _rows.Count;

    public void Add(params string[] cells)
    {
        if (cells.Length != _headers.Length)
        {
            throw new ArgumentException($"The table has {_headers.Length} columns; a row of {cells.Length} cells does not fit.", nameof(cells));
        }

        _rows.Add(cells);
    }

    public void Write(TextWriter writer, string indent = "")
    {
        var widths = _headers.Select((h, i) => Math.Max(h.Length, _rows.Count == 0 ? 0 : _rows.Max(r => r[i].Length))).ToArray();
        WriteRow(writer, indent, _headers, widths);
        foreach (var row in _rows)
        {
            WriteRow(writer, indent, row, widths);
        }
    }

    private void WriteRow(TextWriter writer, string indent, string[] cells, int[] widths)
    {
        var line = new StringBuilder(indent);
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0)
            {
                line.Append("  ");
            }

            line.Append(_rightAligned[i] ? cells[i].PadLeft(widths[i]) : cells[i].PadRight(widths[i]));
        }

        writer.WriteLine(line.ToString().TrimEnd());
    }
}
