using Orleans.Pipeline.Runtime.Membership;

namespace Orleans.Pipeline.Runtime.Clustering;

/// <summary>Checks of values the cluster database stores as text, so bad input fails with a message, not a SQL error.</summary>
internal static class ClusteringValidation
{
    /// <summary>A cluster id: 1 to 256 characters, no NUL (PostgreSQL text cannot hold it).</summary>
    public static string ClusterId(string clusterId, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(clusterId, parameterName);
        if (clusterId.Length is 0 or > 256 || clusterId.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"'{clusterId}' is not a valid cluster id: use 1 to 256 characters without NUL. Every silo of one cluster must use the same id.",
                parameterName);
        }

        return clusterId;
    }

    /// <summary>A silo address that round-trips through its text form and the suspicions column.</summary>
    public static void Address(SiloAddress address, string parameterName)
    {
        if (string.IsNullOrEmpty(address.Host)
            || address.Host.AsSpan().IndexOfAny("|;@\0") >= 0
            || address.Port is < 0 or > 65535
            || address.Generation < 0)
        {
            throw new ArgumentException(
                $"'{address}' is not a valid silo address: the host must be non-empty without '|', ';', '@' or NUL, the port 0 to 65535 and the generation not negative.",
                parameterName);
        }
    }

    /// <summary>A membership entry the table can store.</summary>
    public static void Entry(MembershipEntry entry, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(entry, parameterName);
        Address(entry.Address, parameterName);
        if (entry.SiloName is null || entry.SiloName.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"The silo name of {entry.Address} must be a string without NUL.", parameterName);
        }

        if (!Enum.IsDefined(entry.Status))
        {
            throw new ArgumentException($"{(int)entry.Status} is not a silo status (entry of {entry.Address}).", parameterName);
        }

        ArgumentNullException.ThrowIfNull(entry.Suspicions, parameterName);
        foreach (var vote in entry.Suspicions)
        {
            ArgumentNullException.ThrowIfNull(vote, parameterName);
            Address(vote.Voter, parameterName);
        }
    }

    /// <summary>A time truncated to the millisecond, in UTC: what the table stores and gives back.</summary>
    public static DateTimeOffset ToStoredTime(DateTimeOffset time) =>
        DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds());
}
