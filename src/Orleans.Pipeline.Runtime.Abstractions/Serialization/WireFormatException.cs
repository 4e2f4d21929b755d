namespace Orleans.Pipeline.Runtime.Serialization;

/// <summary>The bytes being read are not valid serialized data for the expected type (truncated, corrupt, or of another type).</summary>
public sealed class WireFormatException : Exception
{
    public WireFormatException()
    {
    }

    public WireFormatException(string message)
        : base(message)
    {
    }

    public WireFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
