namespace Orleans.Pipeline.Runtime.Messaging;

/// <summary>
/// Internal signal: the grain a silo was asked to run lives elsewhere. It never reaches user code; the silo answers
/// <see cref="ResponseStatus.NotHosted"/> and the caller looks the grain up again.
/// </summary>
internal sealed class NotHostedException : Exception
{
    public NotHostedException()
        : base("The grain is not hosted by this silo.")
    {
    }

    public NotHostedException(string message)
        : base(message)
    {
    }

    public NotHostedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
