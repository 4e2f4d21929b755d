namespace Orleans.Pipeline.Runtime.Messaging;

/// <summary>
/// An exception thrown on another silo whose type does not exist (or cannot be rebuilt) in this process. Its
/// <see cref="Exception.Message"/> is the original message; <see cref="OriginalType"/> names the original type.
/// </summary>
public sealed class RemoteGrainException : Exception
{
    public RemoteGrainException()
    {
    }

    public RemoteGrainException(string message)
        : base(message)
    {
    }

    public RemoteGrainException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public RemoteGrainException(string originalType, string message, string? remoteStackTrace)
        : base(message)
    {
        OriginalType = originalType;
        RemoteStackTrace = remoteStackTrace;
    }

    /// <summary>The full name of the exception type thrown remotely.</summary>
    public string? OriginalType { get; }

    /// <summary>Where it was thrown, on the remote silo.</summary>
    public string? RemoteStackTrace { get; }

    public override string ToString() => $"{OriginalType}: {Message}{Environment.NewLine}{RemoteStackTrace}";
}
