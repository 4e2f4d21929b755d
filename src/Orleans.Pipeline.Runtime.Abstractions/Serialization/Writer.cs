using System.Buffers;

namespace Orleans.Pipeline.Runtime.Serialization;

/// <summary>Placeholder: replaced by the serialization library.</summary>
public ref struct Writer
{
    public Writer(IBufferWriter<byte> output)
    {
        Output = output;
    }

    public IBufferWriter<byte> Output { get; }
}
