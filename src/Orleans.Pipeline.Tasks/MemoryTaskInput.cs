using System.Text;

namespace Orleans.Pipeline.Tasks;

/// <summary>An input held in memory: for tests and for small inline job inputs.</summary>
public sealed class MemoryTaskInput : TaskInput
{
    private readonly ReadOnlyMemory<byte> _content;

    /// <summary>Creates an input over <paramref name="content"/>.</summary>
    /// <param name="label">The input's label.</param>
    /// <param name="content">The input's bytes (not copied).</param>
    /// <param name="name">A name for messages. Default <c>memory</c>.</param>
    public MemoryTaskInput(int label, ReadOnlyMemory<byte> content, string name = "memory")
        : base(label)
    {
        _content = content;
        Location = $"memory:{name}";
    }

    /// <summary>Creates an input holding <paramref name="text"/> encoded as UTF-8.</summary>
    public static MemoryTaskInput FromText(int label, string text, string name = "memory")
    {
        ArgumentNullException.ThrowIfNull(text);
        return new MemoryTaskInput(label, Encoding.UTF8.GetBytes(text), name);
    }

    /// <summary>The input's bytes.</summary>
    public ReadOnlyMemory<byte> Content => _content;

    /// <inheritdoc />
    public override string Location { get; }

    /// <inheritdoc />
    public override ValueTask<Stream> OpenReadAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult<Stream>(new IO.ReadOnlyMemoryStream(_content));
    }
}
