using System.Buffers;

namespace Orleans.Pipeline.Tasks.IO;

/// <summary>
/// The writer <see cref="PackedFileTaskOutputs"/> hands out for one label. A small output is collected in a pooled
/// buffer and goes into the pack when the writer is disposed; once it would pass the sink's limit the label moves to
/// a file of its own and the rest is written there.
/// </summary>
internal sealed class PackedOutputWriter : AppendOnlyOutputStream
{
    private const int FirstBufferSize = 256;

    private readonly PackedFileTaskOutputs _sink;
    private readonly int _room;
    private byte[]? _buffer;
    private int _buffered;
    private FileStream? _file;

    /// <summary>A writer collecting up to <paramref name="room"/> bytes for the pack.</summary>
    public PackedOutputWriter(PackedFileTaskOutputs sink, int label, int room)
        : base(label)
    {
        _sink = sink;
        _room = Math.Max(0, room);
    }

    /// <summary>A writer appending to the label's own file.</summary>
    public PackedOutputWriter(PackedFileTaskOutputs sink, int label, FileStream file)
        : base(label)
    {
        _sink = sink;
        _file = file;
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ThrowIfClosed();
        if (_file is null && !TryBuffer(buffer))
        {
            Spill();
        }

        _file?.Write(buffer);
        Written += buffer.Length;
    }

    public override void WriteByte(byte value) => Write([value]);

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ThrowIfClosed();
        if (_file is null && !TryBuffer(buffer.Span))
        {
            Spill();
        }

        if (_file is not null)
        {
            await _file.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        }

        Written += buffer.Length;
    }

    public override void Flush()
    {
        if (!IsClosed)
        {
            _file?.Flush();
        }
    }

    public override Task FlushAsync(CancellationToken cancellationToken) =>
        !IsClosed && _file is not null ? _file.FlushAsync(cancellationToken) : Task.CompletedTask;

    protected override void Dispose(bool disposing)
    {
        if (disposing && TryClose())
        {
            try
            {
                _file?.Dispose();
            }
            finally
            {
                Release();
            }
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (TryClose())
        {
            try
            {
                if (_file is not null)
                {
                    await _file.DisposeAsync().ConfigureAwait(false);
                }
            }
            finally
            {
                Release();
            }
        }

        await base.DisposeAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <summary>Adds to the buffer when the output stays within the room left in the pack.</summary>
    private bool TryBuffer(ReadOnlySpan<byte> content)
    {
        var needed = _buffered + content.Length;
        if (needed > _room)
        {
            return false;
        }

        if (_buffer is null || needed > _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Min(_room, Math.Max(needed, Math.Max(FirstBufferSize, (_buffer?.Length ?? 0) * 2))));
            if (_buffer is not null)
            {
                _buffer.AsSpan(0, _buffered).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(_buffer);
            }

            _buffer = larger;
        }

        content.CopyTo(_buffer.AsSpan(_buffered));
        _buffered = needed;
        return true;
    }

    private void Spill()
    {
        _file = _sink.Spill(Label, _buffer.AsSpan(0, _buffered));
        ReturnBuffer();
    }

    private void Release()
    {
        if (_file is null)
        {
            try
            {
                _sink.Append(this, _buffer.AsSpan(0, _buffered));
            }
            finally
            {
                ReturnBuffer();
            }
        }
        else
        {
            _sink.Closed(this);
        }
    }

    private void ReturnBuffer()
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }

        _buffered = 0;
    }
}
