using Orleans.Pipeline.Runtime;

namespace Orleans.Pipeline.Specs;

/// <summary>
/// One place an input can be read from. A valid location sets exactly one of: <see cref="Node"/> and
/// <see cref="Path"/> together (a file on that silo), <see cref="Url"/> (outside the cluster), or <see cref="Text"/>
/// (inline content). Every member is optional so that a location read from a file keeps what was written and
/// validation can say what is wrong with it; <see cref="Kind"/> is null for such a location.
/// </summary>
/// <param name="Node">The name of the silo holding the file; null unless the location is a file.</param>
/// <param name="Path">The absolute path of the file on that silo; null unless the location is a file.</param>
/// <param name="Url">An <c>http://</c> or <c>https://</c> URL; null unless the location is a URL.</param>
/// <param name="Text">The input's content itself (may be empty); null unless the location is inline.</param>
[GenerateSerializer]
public sealed record Location(
    [property: Id(0)] string? Node,
    [property: Id(1)] string? Path,
    [property: Id(2)] string? Url,
    [property: Id(3)] string? Text)
{
    /// <summary>What kind of location this is, or null when it sets none or several of file, URL and text.</summary>
    public LocationKind? Kind => (Node is not null || Path is not null, Url is not null, Text is not null) switch
    {
        (true, false, false) => LocationKind.File,
        (false, true, false) => LocationKind.Url,
        (false, false, true) => LocationKind.Inline,
        _ => null,
    };

    /// <summary>A file at <paramref name="path"/> (absolute) on the silo named <paramref name="node"/>.</summary>
    public static Location OnNode(string node, string path) => new(node, path, null, null);

    /// <summary>A file outside the cluster, read over HTTP(S).</summary>
    public static Location AtUrl(string url) => new(null, null, url, null);

    /// <summary>Content given in the spec itself.</summary>
    public static Location Inline(string text) => new(null, null, null, text);

    /// <summary>A short description for messages: <c>silo0:/data/a.txt</c>, the URL, or <c>inline text (12 characters)</c>.</summary>
    public override string ToString() => Kind switch
    {
        LocationKind.File => Node + ":" + Path,
        LocationKind.Url => Url!,
        LocationKind.Inline => "inline text (" + Text!.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) + " characters)",
        _ => "invalid location",
    };
}
