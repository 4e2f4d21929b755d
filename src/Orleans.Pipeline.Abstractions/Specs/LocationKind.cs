namespace Orleans.Pipeline.Specs;

/// <summary>Where the data of a <see cref="Location"/> is.</summary>
public enum LocationKind
{
    /// <summary>A file on a silo: <see cref="Location.Node"/> and <see cref="Location.Path"/>.</summary>
    File = 0,

    /// <summary>An <c>http://</c> or <c>https://</c> URL outside the cluster: <see cref="Location.Url"/>.</summary>
    Url = 1,

    /// <summary>Content written in the spec itself: <see cref="Location.Text"/>.</summary>
    Inline = 2,
}
