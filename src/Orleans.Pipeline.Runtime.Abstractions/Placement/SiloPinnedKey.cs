namespace Orleans.Pipeline.Runtime.Placement;

/// <summary>
/// Keys of silo-pinned grains: the silo's address text (<c>host:port@generation</c>), optionally followed by
/// <c>/</c> and a suffix when a silo hosts several grains of one type.
/// </summary>
public static class SiloPinnedKey
{
    public static string Create(string siloAddress, string? suffix = null) =>
        suffix is null ? siloAddress : $"{siloAddress}/{suffix}";

    /// <summary>The silo address part of a pinned key.</summary>
    public static string SiloOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? key : key[..slash];
    }
}
