using System.Globalization;

namespace Orleans.Pipeline.Runtime;

/// <summary>
/// The identity of a grain: its grain type (the implementing class's type name, see
/// <see cref="GrainTypeAttribute"/>) and its key in text form. Guid keys are written "D"-formatted and integer keys
/// in invariant decimal, so every key form has exactly one spelling.
/// </summary>
public readonly record struct GrainId(string Type, string Key)
{
    public static GrainId Create(string type, string key) => new(type, key);

    public static GrainId Create(string type, Guid key) => new(type, key.ToString("D"));

    public static GrainId Create(string type, long key) => new(type, key.ToString(CultureInfo.InvariantCulture));

    /// <summary>Parses the <c>type/key</c> form produced by <see cref="ToString"/>.</summary>
    public static GrainId Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            throw new FormatException($"'{text}' is not a grain id; expected 'type/key'.");
        }

        return new GrainId(text[..slash], text[(slash + 1)..]);
    }

    public override string ToString() => $"{Type}/{Key}";
}
