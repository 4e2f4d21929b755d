namespace Orleans.Pipeline.Runtime.Serialization;

/// <summary>Placeholder: replaced by the serialization library.</summary>
public ref struct Reader
{
    public Reader(ReadOnlySpan<byte> input)
    {
        Input = input;
    }

    public ReadOnlySpan<byte> Input { get; }
}
