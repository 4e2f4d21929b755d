namespace Orleans.Pipeline.SiloHost.Configuration;

/// <summary>A setting the user gave (or left out) that keeps the silo from starting; the message says which and what to do. Exit code 2.</summary>
public sealed class SiloHostConfigurationException : Exception
{
    public SiloHostConfigurationException()
    {
    }

    public SiloHostConfigurationException(string message)
        : base(message)
    {
    }

    public SiloHostConfigurationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
