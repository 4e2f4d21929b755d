using System.Collections.Frozen;
using Orleans.Pipeline.Runtime.Invocation;
using Orleans.Pipeline.Runtime.Serialization.Codecs;

namespace Orleans.Pipeline.Runtime.Serialization;

/// <summary>
/// Finds the codec of a type the first time <see cref="Codec{T}"/> needs it. Reflection is used here, once per
/// closed type, never per call.
/// </summary>
internal static class CodecResolver
{
    private static readonly FrozenDictionary<Type, object> s_builtIn = new Dictionary<Type, object>
    {
        [typeof(bool)] = BooleanCodec.Instance,
        [typeof(byte)] = ByteCodec.Instance,
        [typeof(sbyte)] = SByteCodec.Instance,
        [typeof(short)] = Int16Codec.Instance,
        [typeof(ushort)] = UInt16Codec.Instance,
        [typeof(int)] = Int32Codec.Instance,
        [typeof(uint)] = UInt32Codec.Instance,
        [typeof(long)] = Int64Codec.Instance,
        [typeof(ulong)] = UInt64Codec.Instance,
        [typeof(char)] = CharCodec.Instance,
        [typeof(float)] = SingleCodec.Instance,
        [typeof(double)] = DoubleCodec.Instance,
        [typeof(decimal)] = DecimalCodec.Instance,
        [typeof(string)] = StringCodec.Instance,
        [typeof(Guid)] = GuidCodec.Instance,
        [typeof(DateTime)] = DateTimeCodec.Instance,
        [typeof(DateTimeOffset)] = DateTimeOffsetCodec.Instance,
        [typeof(TimeSpan)] = TimeSpanCodec.Instance,
        [typeof(byte[])] = ByteArrayCodec.Instance,
        [typeof(ReadOnlyMemory<byte>)] = ReadOnlyMemoryCodec.Instance,
        [typeof(Memory<byte>)] = ReadOnlyMemoryCodec.Instance,
        [typeof(VoidResult)] = VoidResultCodec.Instance,
        [typeof(GrainId)] = GrainIdCodec.Instance,
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<Type, Type> s_genericBuiltIn = new Dictionary<Type, Type>
    {
        [typeof(List<>)] = typeof(ListCodec<>),
        [typeof(IList<>)] = typeof(ListCodec<>),
        [typeof(IReadOnlyList<>)] = typeof(ListCodec<>),
        [typeof(ICollection<>)] = typeof(ListCodec<>),
        [typeof(IReadOnlyCollection<>)] = typeof(ListCodec<>),
        [typeof(IEnumerable<>)] = typeof(ListCodec<>),
        [typeof(HashSet<>)] = typeof(HashSetCodec<>),
        [typeof(ISet<>)] = typeof(HashSetCodec<>),
        [typeof(IReadOnlySet<>)] = typeof(HashSetCodec<>),
        [typeof(Dictionary<,>)] = typeof(DictionaryCodec<,>),
        [typeof(IDictionary<,>)] = typeof(DictionaryCodec<,>),
        [typeof(IReadOnlyDictionary<,>)] = typeof(DictionaryCodec<,>),
        [typeof(KeyValuePair<,>)] = typeof(KeyValuePairCodec<,>),
        [typeof(Nullable<>)] = typeof(NullableCodec<>),
        [typeof(ValueTuple<>)] = typeof(ValueTupleCodec<>),
        [typeof(ValueTuple<,>)] = typeof(ValueTupleCodec<,>),
        [typeof(ValueTuple<,,>)] = typeof(ValueTupleCodec<,,>),
        [typeof(ValueTuple<,,,>)] = typeof(ValueTupleCodec<,,,>),
    }.ToFrozenDictionary();

    /// <summary>The codec of <paramref name="type"/> (an <see cref="IFieldCodec{T}"/>), or null if none is known yet.</summary>
    public static object? TryCreate(Type type)
    {
        if (s_builtIn.TryGetValue(type, out var codec))
        {
            return codec;
        }

        if (type.IsEnum)
        {
            return Create(typeof(EnumCodec<>), type);
        }

        if (type.IsSZArray)
        {
            return Create(typeof(ArrayCodec<>), type.GetElementType()!);
        }

        if (type.IsGenericType && !type.ContainsGenericParameters)
        {
            var definition = type.GetGenericTypeDefinition();
            var codecDefinition = s_genericBuiltIn.TryGetValue(definition, out var builtIn) ? builtIn : CodecRegistry.FindGeneric(definition);
            if (codecDefinition is not null)
            {
                return Create(codecDefinition, type.GetGenericArguments());
            }
        }

        if (type.IsInterface && typeof(IAddressable).IsAssignableFrom(type))
        {
            return Create(typeof(GrainReferenceCodec<>), type);
        }

        return null;
    }

    private static object Create(Type codecDefinition, params Type[] typeArguments) =>
        Activator.CreateInstance(codecDefinition.MakeGenericType(typeArguments))!;
}
