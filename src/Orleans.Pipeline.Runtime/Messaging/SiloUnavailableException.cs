namespace Orleans.Pipeline.Runtime.Messaging;

/// <summary>The silo that hosts (or would host) the grain is shutting down or gone; the call did not run. Retrying is safe.</summary>
public sealed class SiloUnavailableException : Exception
{
    public SiloUnavailableException()
    {
    }

    public SiloUnavailableException(string message)
        : base(message)
    {
    }

    public SiloUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
