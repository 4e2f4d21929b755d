using System.Globalization;
using System.Text;
using Orleans.Pipeline.Runtime.Membership;

namespace Orleans.Pipeline.Runtime.Clustering;

/// <summary>
/// The text form of a member's suspicions in the membership table: <c>voter|unix-ms</c> per vote, joined by <c>;</c>
/// (empty when there are none), e.g. <c>10.0.0.1:11111@638700000000000000|1735689600000</c>. Readable in a SQL console
/// and the same on every backend.
/// </summary>
internal static class SuspicionsFormat
{
    private const char VoteSeparator = ';';
    private const char TimeSeparator = '|';

    public static string Format(IReadOnlyList<SuspectVote> votes)
    {
        if (votes.Count == 0)
        {
            return "";
        }

        var text = new StringBuilder();
        foreach (var vote in votes)
        {
            ArgumentNullException.ThrowIfNull(vote);
            if (text.Length > 0)
            {
                text.Append(VoteSeparator);
            }

            text.Append(vote.Voter.ToString())
                .Append(TimeSeparator)
                .Append(vote.Time.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    public static IReadOnlyList<SuspectVote> Parse(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        var parts = text.Split(VoteSeparator);
        var votes = new SuspectVote[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            var bar = part.LastIndexOf(TimeSeparator);
            if (bar <= 0 || !long.TryParse(part.AsSpan(bar + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var unixMilliseconds))
            {
                throw new FormatException($"'{part}' is not a suspicion vote; expected 'voter|unix-milliseconds'.");
            }

            votes[i] = new SuspectVote(SiloAddress.Parse(part[..bar]), DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds));
        }

        return votes;
    }
}
