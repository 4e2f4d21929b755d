namespace Orleans.Pipeline.Runtime.Persistence;

/// <summary>
/// A write or clear carried an ETag that is not the stored one: someone else wrote in between. Nothing was written.
/// Re-read the state, re-apply the change and write again.
/// </summary>
public sealed class InconsistentStateException : Exception
{
    public InconsistentStateException()
    {
    }

    public InconsistentStateException(string message)
        : base(message)
    {
    }

    public InconsistentStateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public InconsistentStateException(string message, string? storedEtag, string? currentEtag)
        : base(message)
    {
        StoredEtag = storedEtag;
        CurrentEtag = currentEtag;
    }

    /// <summary>The version in storage, if known (null: no row).</summary>
    public string? StoredEtag { get; }

    /// <summary>The version the writer expected.</summary>
    public string? CurrentEtag { get; }
}
