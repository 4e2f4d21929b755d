using System.Buffers;

namespace Orleans.Pipeline.Tasks.IO;

/// <summary>
/// Reads <c>\n</c>-terminated lines of bytes from a stream through one pooled buffer. <see cref="Line"/> is valid until
/// the next call to <see cref="ReadLineAsync"/>. A line already in the buffer is returned without awaiting.
/// </summary>
internal sealed class LineReader : IDisposable
{
    private readonly Stream _stream;
    private byte[] _buffer;
    private int _start;      // first unread byte
    private int _end;        // end of valid data
    private int _lineStart;
    private int _lineLength;
    private bool _eof;

    public LineReader(Stream stream, int bufferSize = Buffers.ReadChunkSize)
    {
        _stream = stream;
        _buffer = ArrayPool<byte>.Shared.Rent(bufferSize);
    }

    /// <summary>The current line, without its <c>\n</c> (a <c>\r</c> before it is kept).</summary>
    public ReadOnlySpan<byte> Line => _buffer.AsSpan(_lineStart, _lineLength);

    /// <summary>The 1-based number of the current line.</summary>
    public long LineNumber { get; private set; }

    /// <summary>Moves to the next line; false at the end of the stream. A last line without <c>\n</c> counts.</summary>
    public ValueTask<bool> ReadLineAsync(CancellationToken cancellationToken)
    {
        var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
        if (newline >= 0)
        {
            SetLine(_start, newline, _start + newline + 1);
            return new ValueTask<bool>(true);
        }

        return ReadLineSlowAsync(cancellationToken);
    }

    private async ValueTask<bool> ReadLineSlowAsync(CancellationToken cancellationToken)
    {
        var scanned = _end - _start;
        while (true)
        {
            if (_eof)
            {
                if (_start == _end)
                {
                    return false;
                }

                SetLine(_start, _end - _start, _end);
                return true;
            }

            if (_start > 0)
            {
                _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
                _end -= _start;
                _start = 0;
            }

            if (_end == _buffer.Length)
            {
                var bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
                _buffer.AsSpan(0, _end).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = bigger;
            }

            var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                _eof = true;
                continue;
            }

            _end += read;
            var newline = _buffer.AsSpan(scanned, _end - scanned).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                SetLine(0, scanned + newline, scanned + newline + 1);
                return true;
            }

            scanned = _end;
        }
    }

    private void SetLine(int start, int length, int next)
    {
        _lineStart = start;
        _lineLength = length;
        _start = next;
        LineNumber++;
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
