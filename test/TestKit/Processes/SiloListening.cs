using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Orleans.Pipeline.TestKit.Processes;

/// <summary>What a silo-host prints once it joined its cluster: <c>Silo NAME listening on HOST:PORT (cluster CLUSTERID)</c>.</summary>
/// <param name="SiloName">The silo's name.</param>
/// <param name="Host">The address it listens on and advertises.</param>
/// <param name="Port">Its port for silos and clients.</param>
/// <param name="ClusterId">Its cluster.</param>
public sealed partial record SiloListening(string SiloName, string Host, int Port, string ClusterId)
{
    /// <summary>The gateway endpoint a client is given (<c>host:port</c>).</summary>
    public string Gateway => new IPEndPoint(IPAddress.Parse(Host), Port).ToString();

    /// <summary>Whether <paramref name="endPoint"/> (e.g. a client's current gateway) is this silo.</summary>
    public bool Is(EndPoint? endPoint) => endPoint?.ToString() == Gateway;

    /// <summary>Parses the line, or returns null when it is another line.</summary>
    public static SiloListening? TryParse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var match = Pattern().Match(line);
        return match.Success
            ? new SiloListening(
                match.Groups["name"].Value,
                match.Groups["host"].Value,
                int.Parse(match.Groups["port"].Value, CultureInfo.InvariantCulture),
                match.Groups["cluster"].Value)
            : null;
    }

    [GeneratedRegex(@"^Silo (?<name>.+) listening on (?<host>\S+):(?<port>\d+) \(cluster (?<cluster>.+)\)$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
