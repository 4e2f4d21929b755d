using System.Text;

namespace Orleans.Pipeline.Runtime.Serialization;

/// <summary>Type names as C# spells them (<c>List&lt;Foo&gt;</c>, not <c>List`1</c>), for error messages.</summary>
internal static class TypeNames
{
    public static string Format(Type type)
    {
        var builder = new StringBuilder();
        Append(builder, type);
        return builder.ToString();
    }

    private static void Append(StringBuilder builder, Type type)
    {
        if (type.IsArray)
        {
            Append(builder, type.GetElementType()!);
            builder.Append('[').Append(',', type.GetArrayRank() - 1).Append(']');
            return;
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            Append(builder, underlying);
            builder.Append('?');
            return;
        }

        var name = type.FullName ?? type.Name;
        if (!type.IsGenericType)
        {
            builder.Append(name.Replace('+', '.'));
            return;
        }

        var definition = type.GetGenericTypeDefinition().FullName ?? type.Name;
        var tick = definition.IndexOf('`', StringComparison.Ordinal);
        builder.Append((tick < 0 ? definition : definition[..tick]).Replace('+', '.')).Append('<');
        var arguments = type.GetGenericArguments();
        for (var i = 0; i < arguments.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(", ");
            }

            Append(builder, arguments[i]);
        }

        builder.Append('>');
    }
}
