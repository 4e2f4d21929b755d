using System.Globalization;

namespace Orleans.Pipeline.Client.Output;

/// <summary>Counted nouns for messages: "1 silo", "2 silos".</summary>
internal static class Words
{
    public static string Count(long count, string noun) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + (count == 1 ? noun : noun + "s");
}
