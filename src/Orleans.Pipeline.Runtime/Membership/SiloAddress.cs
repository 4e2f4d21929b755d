using System.Globalization;
using System.Net;

namespace Orleans.Pipeline.Runtime.Membership;

/// <summary>
/// One incarnation of a silo: the endpoint it listens on for silo-to-silo traffic and its generation (its start
/// time in ticks), so a silo restarted on the same endpoint is a different member. Text form: <c>host:port@generation</c>.
/// </summary>
public readonly record struct SiloAddress(string Host, int Port, long Generation) : IComparable<SiloAddress>
{
    public IPEndPoint ToEndPoint() => new(IPAddress.Parse(Host), Port);

    public static SiloAddress Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var at = text.LastIndexOf('@');
        var colon = at > 0 ? text.LastIndexOf(':', at) : -1;
        if (colon <= 0
            || !int.TryParse(text.AsSpan(colon + 1, at - colon - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || !long.TryParse(text.AsSpan(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var generation))
        {
            throw new FormatException($"'{text}' is not a silo address; expected 'host:port@generation'.");
        }

        return new SiloAddress(text[..colon], port, generation);
    }

    public int CompareTo(SiloAddress other)
    {
        var byHost = string.CompareOrdinal(Host, other.Host);
        if (byHost != 0)
        {
            return byHost;
        }

        return Port != other.Port ? Port.CompareTo(other.Port) : Generation.CompareTo(other.Generation);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port}@{Generation}");
}
