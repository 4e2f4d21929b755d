namespace Orleans.Pipeline.Runtime.CodeGen.Tests.Serialization.Types;

/// <summary>A mutable class with nested objects, collections, nullables and a field.</summary>
[GenerateSerializer]
public sealed class Person
{
    [Id(0)]
    public string Name { get; set; } = string.Empty;

    [Id(1)]
    public int? Age { get; set; }

    [Id(2)]
    public Address? Home { get; set; }

    [Id(3)]
    public List<Address> Previous { get; set; } = [];

    [Id(4)]
    public Dictionary<string, List<int>> Scores { get; set; } = [];

    [Id(5)]
    public Color Favorite { get; set; }

    [Id(6)]
    public string? Nickname;

    [Id(7)]
    public HashSet<string> Tags { get; set; } = [];

    // Not serialized: no [Id].
    public string Transient { get; set; } = "initial";
}
