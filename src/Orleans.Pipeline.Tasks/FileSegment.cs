using System.Globalization;
using Microsoft.Win32.SafeHandles;

namespace Orleans.Pipeline.Tasks;

/// <summary>
/// A range of bytes in a file: where <see cref="PackedFileTaskOutputs"/> keeps a small output, inside the task's pack
/// file. Its location string is <c>{path}#{offset}+{length}</c>, where the file's name ends with
/// <see cref="PackedFileTaskOutputs.PackExtension"/>; any other string is a location of a whole file.
/// </summary>
/// <param name="Path">The file's absolute path.</param>
/// <param name="Offset">Where the range starts; not negative.</param>
/// <param name="Length">How many bytes it holds; not negative.</param>
public readonly record struct FileSegment(string Path, long Offset, long Length)
{
    /// <summary>The location string naming this range: <c>{path}#{offset}+{length}</c>.</summary>
    public string ToLocation() => string.Create(CultureInfo.InvariantCulture, $"{Path}#{Offset}+{Length}");

    /// <inheritdoc />
    public override string ToString() => ToLocation();

    /// <summary>
    /// Reads a location written by <see cref="ToLocation"/>. False for anything else, e.g. the path of a whole file, so
    /// that a user's file whose name happens to contain <c>#</c> is never taken for a range.
    /// </summary>
    public static bool TryParse(string location, out FileSegment segment)
    {
        ArgumentNullException.ThrowIfNull(location);
        segment = default;
        var hash = location.LastIndexOf('#');
        if (hash <= 0)
        {
            return false;
        }

        var path = location.AsSpan(0, hash);
        var range = location.AsSpan(hash + 1);
        var plus = range.IndexOf('+');
        if (!System.IO.Path.GetExtension(path).SequenceEqual(PackedFileTaskOutputs.PackExtension)
            || plus <= 0
            || !long.TryParse(range[..plus], NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
            || !long.TryParse(range[(plus + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var length))
        {
            return false;
        }

        segment = new FileSegment(path.ToString(), offset, length);
        return true;
    }

    /// <summary>
    /// Opens the file for reading and checks that it still holds the range.
    /// </summary>
    /// <returns>A handle on the file; the caller disposes it.</returns>
    /// <exception cref="FileNotFoundException">The file is gone; the message names it.</exception>
    /// <exception cref="InvalidDataException">The file is shorter than the range: it changed after it was written.</exception>
    public SafeFileHandle Open()
    {
        var handle = OpenFile(Path);
        var fileLength = RandomAccess.GetLength(handle);
        if (Offset + Length > fileLength)
        {
            handle.Dispose();
            throw new InvalidDataException($"'{ToLocation()}' names bytes {Offset} to {Offset + Length} of a file that holds {fileLength}: the file changed after the task that wrote it ended.");
        }

        return handle;
    }

    /// <summary>
    /// Opens what a location names: a range written by <see cref="ToLocation"/>, or else the whole file at that path.
    /// </summary>
    /// <param name="location">A <see cref="TaskOutput.Location"/> or a file path.</param>
    /// <param name="handle">A handle on the file, for reading; the caller disposes it.</param>
    /// <returns>The range to read (for a whole file: from 0, its current length).</returns>
    /// <exception cref="FileNotFoundException">The file is gone; the message names it.</exception>
    /// <exception cref="InvalidDataException">The file is shorter than the range: it changed after it was written.</exception>
    public static FileSegment Open(string location, out SafeFileHandle handle)
    {
        if (TryParse(location, out var segment))
        {
            handle = segment.Open();
            return segment;
        }

        handle = OpenFile(location);
        return new FileSegment(location, 0, RandomAccess.GetLength(handle));
    }

    private static SafeFileHandle OpenFile(string path)
    {
        try
        {
            return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (Exception error) when (error is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new FileNotFoundException($"'{path}' does not exist.", path, error);
        }
    }
}
