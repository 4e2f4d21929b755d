using System.Collections.Generic;
using System.Collections.Immutable;

namespace Orleans.Pipeline.Runtime.CodeGen.Model;

internal static class EquatableArray
{
    public static EquatableArray<T> From<T>(IEnumerable<T> items)
        where T : System.IEquatable<T> => new(ImmutableArray.CreateRange(items));
}
