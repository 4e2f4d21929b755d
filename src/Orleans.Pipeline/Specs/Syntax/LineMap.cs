using System.Text;

namespace Orleans.Pipeline.Specs.Syntax;

/// <summary>Turns byte offsets of UTF-8 text into 1-based lines and character columns.</summary>
internal sealed class LineMap
{
    private readonly byte[] _bytes;
    private readonly List<int> _lineStarts = [0];

    public LineMap(byte[] bytes)
    {
        _bytes = bytes;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                _lineStarts.Add(i + 1);
            }
        }
    }

    public (int Line, int Column) Position(long offset)
    {
        var index = _lineStarts.BinarySearch((int)Math.Min(offset, _bytes.Length));
        var line = index >= 0 ? index : ~index - 1;
        return Position(line, (int)offset - _lineStarts[line]);
    }

    /// <summary>The position of byte <paramref name="byteInLine"/> of 0-based line <paramref name="line"/>.</summary>
    public (int Line, int Column) Position(int line, int byteInLine)
    {
        line = Math.Clamp(line, 0, _lineStarts.Count - 1);
        var start = _lineStarts[line];
        var length = Math.Clamp(byteInLine, 0, _bytes.Length - start);
        return (line + 1, Encoding.UTF8.GetCharCount(_bytes, start, length) + 1);
    }
}
