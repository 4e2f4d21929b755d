namespace Orleans.Pipeline.Specs;

/// <summary>Value equality for the collections inside spec records, which records compare by reference otherwise.</summary>
internal static class SequenceEquality
{
    public static bool ListEquals<T>(IReadOnlyList<T>? left, IReadOnlyList<T>? right)
    {
        if (ReferenceEquals(left, right))
        {
            return true;
        }

        if (left is null || right is null || left.Count != right.Count)
        {
            return false;
        }

        var comparer = EqualityComparer<T>.Default;
        for (var i = 0; i < left.Count; i++)
        {
            if (!comparer.Equals(left[i], right[i]))
            {
                return false;
            }
        }

        return true;
    }

    public static int ListHash<T>(IReadOnlyList<T>? items)
    {
        var hash = new HashCode();
        if (items is not null)
        {
            foreach (var item in items)
            {
                hash.Add(item);
            }
        }

        return hash.ToHashCode();
    }

    /// <summary>Same keys with the same values; order does not matter.</summary>
    public static bool MapEquals(IReadOnlyDictionary<string, string>? left, IReadOnlyDictionary<string, string>? right)
    {
        if (ReferenceEquals(left, right))
        {
            return true;
        }

        if (left is null || right is null || left.Count != right.Count)
        {
            return false;
        }

        foreach (var (key, value) in left)
        {
            if (!right.TryGetValue(key, out var other) || !string.Equals(value, other, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    public static int MapHash(IReadOnlyDictionary<string, string>? map)
    {
        // Order-independent, like MapEquals.
        var hash = 0;
        if (map is not null)
        {
            foreach (var (key, value) in map)
            {
                hash ^= HashCode.Combine(StringComparer.Ordinal.GetHashCode(key), value is null ? 0 : StringComparer.Ordinal.GetHashCode(value));
            }
        }

        return hash;
    }
}
