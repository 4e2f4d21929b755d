namespace Orleans.Pipeline.Runtime.Serialization;

/// <summary>Placeholder: replaced by the serialization library.</summary>
public static class Codec<T>
{
    public static void Write(ref Writer writer, T value) => throw new NotSupportedException(typeof(T).Name);

    public static T Read(ref Reader reader) => throw new NotSupportedException(typeof(T).Name);
}
