using System.Buffers;
using System.Globalization;
using Orleans.Pipeline.Runtime.Invocation;
using Orleans.Pipeline.Runtime.Serialization;
using Orleans.Pipeline.Runtime.CodeGen.Tests.Serialization.Types;

namespace Orleans.Pipeline.Runtime.CodeGen.Tests.Serialization;

public sealed class SerializerTests
{
    private static T RoundTrip<T>(T value) => Serializer.Deserialize<T>(Serializer.Serialize(value));

    [Fact]
    public void Serialize_IntegersAtTheirLimits_RoundTrip()
    {
        Assert.Equal(int.MinValue, RoundTrip(int.MinValue));
        Assert.Equal(int.MaxValue, RoundTrip(int.MaxValue));
        Assert.Equal(-1, RoundTrip(-1));
        Assert.Equal(0, RoundTrip(0));
        Assert.Equal(long.MinValue, RoundTrip(long.MinValue));
        Assert.Equal(long.MaxValue, RoundTrip(long.MaxValue));
        Assert.Equal(uint.MaxValue, RoundTrip(uint.MaxValue));
        Assert.Equal(ulong.MaxValue, RoundTrip(ulong.MaxValue));
        Assert.Equal(short.MinValue, RoundTrip(short.MinValue));
        Assert.Equal(short.MaxValue, RoundTrip(short.MaxValue));
        Assert.Equal(ushort.MaxValue, RoundTrip(ushort.MaxValue));
        Assert.Equal(sbyte.MinValue, RoundTrip(sbyte.MinValue));
        Assert.Equal(sbyte.MaxValue, RoundTrip(sbyte.MaxValue));
        Assert.Equal(byte.MaxValue, RoundTrip(byte.MaxValue));
        Assert.Equal(char.MaxValue, RoundTrip(char.MaxValue));
        Assert.Equal('é', RoundTrip('é'));
        Assert.True(RoundTrip(true));
        Assert.False(RoundTrip(false));
    }

    [Fact]
    public void Serialize_SmallIntegers_AreTwoBytes()
    {
        // A field header and a one-byte varint; zigzag keeps small negative numbers short too.
        Assert.Equal(2, Serializer.Serialize(1).Length);
        Assert.Equal(2, Serializer.Serialize(-1).Length);
        Assert.Equal(2, Serializer.Serialize(63L).Length);
        Assert.Equal(11, Serializer.Serialize(long.MinValue).Length);
    }

    [Fact]
    public void Serialize_FloatingPointSpecialValues_RoundTripBitExact()
    {
        Assert.Equal(BitConverter.DoubleToInt64Bits(-0.0), BitConverter.DoubleToInt64Bits(RoundTrip(-0.0)));
        Assert.True(double.IsNaN(RoundTrip(double.NaN)));
        Assert.Equal(double.MaxValue, RoundTrip(double.MaxValue));
        Assert.Equal(double.Epsilon, RoundTrip(double.Epsilon));
        Assert.Equal(double.NegativeInfinity, RoundTrip(double.NegativeInfinity));
        Assert.Equal(float.MinValue, RoundTrip(float.MinValue));
        Assert.True(float.IsNaN(RoundTrip(float.NaN)));
        Assert.Equal(3.14159f, RoundTrip(3.14159f));
    }

    [Fact]
    public void Serialize_Decimals_RoundTripWithScale()
    {
        Assert.Equal(decimal.MaxValue, RoundTrip(decimal.MaxValue));
        Assert.Equal(decimal.MinValue, RoundTrip(decimal.MinValue));
        Assert.Equal("1.50", RoundTrip(1.50m).ToString(CultureInfo.InvariantCulture));
        Assert.Equal(-0.0001m, RoundTrip(-0.0001m));
    }

    [Fact]
    public void Serialize_Strings_RoundTripNullEmptyUnicodeAndLarge()
    {
        Assert.Null(RoundTrip<string?>(null));
        Assert.Equal(string.Empty, RoundTrip(string.Empty));
        const string unicode = "héllo wörld — 中文 — emoji 🌍🚀 — \u0000 nul";
        Assert.Equal(unicode, RoundTrip(unicode));
        var large = new string('x', 1_000_000) + "🌍";
        Assert.Equal(large, RoundTrip(large));
    }

    [Fact]
    public void Serialize_TimeValues_RoundTripWithKindAndOffset()
    {
        var utc = new DateTime(2024, 2, 29, 13, 45, 10, DateTimeKind.Utc).AddTicks(1234);
        var local = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Local);
        var unspecified = new DateTime(1999, 12, 31, 23, 59, 59, DateTimeKind.Unspecified);
        Assert.Equal(DateTimeKind.Utc, RoundTrip(utc).Kind);
        Assert.Equal(utc, RoundTrip(utc));
        Assert.Equal(DateTimeKind.Local, RoundTrip(local).Kind);
        Assert.Equal(local, RoundTrip(local));
        Assert.Equal(DateTimeKind.Unspecified, RoundTrip(unspecified).Kind);
        Assert.Equal(DateTime.MaxValue, RoundTrip(DateTime.MaxValue));
        Assert.Equal(DateTime.MinValue, RoundTrip(DateTime.MinValue));

        var offset = new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.FromMinutes(330));
        Assert.Equal(offset.Offset, RoundTrip(offset).Offset);
        Assert.Equal(offset, RoundTrip(offset));
        Assert.Equal(DateTimeOffset.MinValue, RoundTrip(DateTimeOffset.MinValue));
        Assert.Equal(DateTimeOffset.MaxValue, RoundTrip(DateTimeOffset.MaxValue));

        Assert.Equal(TimeSpan.MinValue, RoundTrip(TimeSpan.MinValue));
        Assert.Equal(TimeSpan.MaxValue, RoundTrip(TimeSpan.MaxValue));
        Assert.Equal(TimeSpan.FromMilliseconds(-1500), RoundTrip(TimeSpan.FromMilliseconds(-1500)));
    }

    [Fact]
    public void Serialize_GuidsAndBytes_RoundTrip()
    {
        var guid = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");
        Assert.Equal(guid, RoundTrip(guid));
        Assert.Equal(Guid.Empty, RoundTrip(Guid.Empty));

        Assert.Null(RoundTrip<byte[]?>(null));
        Assert.Empty(RoundTrip(Array.Empty<byte>()));
        Assert.Equal(new byte[] { 0, 1, 254, 255 }, RoundTrip(new byte[] { 0, 1, 254, 255 }));
        Assert.Equal(new byte[] { 9, 8, 7 }, RoundTrip(new ReadOnlyMemory<byte>([9, 8, 7])).ToArray());
        Assert.Equal(new byte[] { 1, 2 }, RoundTrip(new Memory<byte>([1, 2])).ToArray());
        Assert.True(RoundTrip(ReadOnlyMemory<byte>.Empty).IsEmpty);
    }

    [Fact]
    public void Serialize_Enums_RoundTripIncludingUndefinedAndExtremeValues()
    {
        Assert.Equal(Color.Blue, RoundTrip(Color.Blue));
        Assert.Equal((Color)7, RoundTrip((Color)7));
        Assert.Equal(Offset.Lowest, RoundTrip(Offset.Lowest));
        Assert.Equal(Offset.Behind, RoundTrip(Offset.Behind));
        Assert.Equal(Offset.Highest, RoundTrip(Offset.Highest));
        Assert.Equal(Permissions.All, RoundTrip(Permissions.All));
        Assert.Equal(Permissions.Read | Permissions.Write, RoundTrip(Permissions.Read | Permissions.Write));
        Assert.Equal(DayOfWeek.Saturday, RoundTrip(DayOfWeek.Saturday));
    }

    [Fact]
    public void Serialize_Nullables_RoundTripNullAndValue()
    {
        Assert.Null(RoundTrip<int?>(null));
        Assert.Equal(-42, RoundTrip<int?>(-42));
        Assert.Null(RoundTrip<Point?>(null));
        Assert.Equal(new Point(-3, 4), RoundTrip<Point?>(new Point(-3, 4)));
        Assert.Null(RoundTrip<Color?>(null));
        Assert.Equal(Color.Green, RoundTrip<Color?>(Color.Green));
        Assert.Equal(new int?[] { 1, null, 3 }, RoundTrip(new List<int?> { 1, null, 3 }));
    }

    [Fact]
    public void Serialize_ArraysAndLists_RoundTripNullEmptyAndElements()
    {
        Assert.Null(RoundTrip<int[]?>(null));
        Assert.Empty(RoundTrip(Array.Empty<int>()));
        Assert.Equal(new[] { int.MinValue, 0, int.MaxValue }, RoundTrip(new[] { int.MinValue, 0, int.MaxValue }));
        Assert.Equal(new[] { "a", null, "" }, RoundTrip(new[] { "a", null, "" }));
        Assert.Null(RoundTrip<List<string>?>(null));
        Assert.Empty(RoundTrip(new List<string>()));
        Assert.Equal(["x", "y"], RoundTrip(new List<string> { "x", "y" }));
    }

    [Fact]
    public void Serialize_CollectionInterfaces_ReadBackAsConcreteCollections()
    {
        IList<int> list = [1, 2];
        IReadOnlyList<string> readOnlyList = ["a"];
        ICollection<long> collection = new HashSet<long> { 5L };
        IReadOnlyCollection<int> readOnlyCollection = [7, 8];
        IEnumerable<int> lazy = Enumerable.Range(1, 4).Select(static i => i * i);
        ISet<string> set = new SortedSet<string> { "b", "a" };
        IReadOnlySet<int> readOnlySet = new HashSet<int> { 3 };

        Assert.Equal([1, 2], Assert.IsType<List<int>>(RoundTrip(list)));
        Assert.Equal(["a"], Assert.IsType<List<string>>(RoundTrip(readOnlyList)));
        Assert.Equal([5L], RoundTrip(collection));
        Assert.Equal([7, 8], RoundTrip(readOnlyCollection));
        Assert.Equal([1, 4, 9, 16], Assert.IsType<List<int>>(RoundTrip(lazy)));
        Assert.Null(RoundTrip<IEnumerable<int>?>(null));
        Assert.True(Assert.IsType<HashSet<string>>(RoundTrip(set)).SetEquals(["a", "b"]));
        Assert.True(Assert.IsType<HashSet<int>>(RoundTrip(readOnlySet)).SetEquals([3]));
    }

    [Fact]
    public void Serialize_DictionariesAndSets_RoundTrip()
    {
        var dictionary = new Dictionary<string, int> { ["one"] = 1, ["minus"] = -1 };
        Assert.Equal(dictionary, RoundTrip(dictionary));
        Assert.Empty(RoundTrip(new Dictionary<int, string>()));
        Assert.Null(RoundTrip<Dictionary<int, string>?>(null));

        IDictionary<int, string?> withNull = new SortedDictionary<int, string?> { [2] = null, [1] = "a" };
        var readBack = Assert.IsType<Dictionary<int, string?>>(RoundTrip(withNull));
        Assert.Null(readBack[2]);
        Assert.Equal("a", readBack[1]);

        IReadOnlyDictionary<Guid, Color> colors = new Dictionary<Guid, Color> { [Guid.Empty] = Color.Red };
        Assert.Equal(Color.Red, RoundTrip(colors)[Guid.Empty]);

        var set = new HashSet<string> { "x", "y", "z" };
        Assert.True(RoundTrip(set).SetEquals(set));
        Assert.Empty(RoundTrip(new HashSet<int>()));
    }

    [Fact]
    public void Serialize_PairsAndTuples_RoundTrip()
    {
        Assert.Equal(new KeyValuePair<string, int>("k", 9), RoundTrip(new KeyValuePair<string, int>("k", 9)));
        Assert.Equal(new ValueTuple<int>(5), RoundTrip(new ValueTuple<int>(5)));
        Assert.Equal((1, "two"), RoundTrip((1, "two")));
        Assert.Equal((1, (string?)null, 3.5), RoundTrip((1, (string?)null, 3.5)));
        Assert.Equal((Color.Green, -1L, 'c', new Point(1, 2)), RoundTrip((Color.Green, -1L, 'c', new Point(1, 2))));
    }

    [Fact]
    public void Serialize_NestedGenerics_RoundTrip()
    {
        var value = new Dictionary<string, List<Dictionary<int, string[]>>>
        {
            ["a"] = [new Dictionary<int, string[]> { [1] = ["x", "y"], [2] = [] }],
            ["empty"] = [],
        };

        var readBack = RoundTrip(value);

        Assert.Equal(["x", "y"], readBack["a"][0][1]);
        Assert.Empty(readBack["a"][0][2]);
        Assert.Empty(readBack["empty"]);
        Assert.Equal([[1, 2], [], [3]], RoundTrip(new List<List<int>> { new() { 1, 2 }, new(), new() { 3 } }));
        Assert.Equal(
            new List<KeyValuePair<string, (int, Point?)>> { new("p", (1, new Point(5, 6))), new("q", (2, null)) },
            RoundTrip(new List<KeyValuePair<string, (int, Point?)>> { new("p", (1, new Point(5, 6))), new("q", (2, null)) }));
    }

    [Fact]
    public void Serialize_VoidResultAtTopLevel_WritesNothing()
    {
        Assert.Empty(Serializer.Serialize(default(VoidResult)));
        Assert.Equal(default, Serializer.Deserialize<VoidResult>([]));
        Assert.Equal(3, RoundTrip(new List<VoidResult> { default, default, default }).Count);
    }

    [Fact]
    public void Serialize_GrainId_RoundTrips()
    {
        var id = GrainId.Create("job", "job-42");
        Assert.Equal(id, RoundTrip(id));
        Assert.Equal(default, RoundTrip(default(GrainId)));
    }

    [Fact]
    public void Serialize_MutableClassWithNestedMembers_RoundTripsEveryIdMember()
    {
        var person = new Person
        {
            Name = "Ada",
            Age = 36,
            Home = new Address { Street = "Main", Number = 7 },
            Previous = [new Address { Street = "Old", Number = -1 }, new Address()],
            Scores = new() { ["math"] = [100, 99], ["none"] = [] },
            Favorite = Color.Blue,
            Nickname = null,
            Tags = ["a", "b"],
            Transient = "changed",
        };

        var readBack = RoundTrip(person);

        Assert.Equal("Ada", readBack.Name);
        Assert.Equal(36, readBack.Age);
        Assert.Equal("Main", readBack.Home!.Street);
        Assert.Equal(7, readBack.Home.Number);
        Assert.Equal(2, readBack.Previous.Count);
        Assert.Equal(-1, readBack.Previous[0].Number);
        Assert.Equal(string.Empty, readBack.Previous[1].Street);
        Assert.Equal([100, 99], readBack.Scores["math"]);
        Assert.Empty(readBack.Scores["none"]);
        Assert.Equal(Color.Blue, readBack.Favorite);
        Assert.Null(readBack.Nickname);
        Assert.True(readBack.Tags.SetEquals(["a", "b"]));
        Assert.Equal("initial", readBack.Transient);
    }

    [Fact]
    public void Serialize_NullMembersAndNullObject_RoundTripAsNull()
    {
        var readBack = RoundTrip(new Person { Age = null, Home = null, Nickname = null });
        Assert.Null(readBack.Age);
        Assert.Null(readBack.Home);
        Assert.Null(readBack.Nickname);
        Assert.Null(RoundTrip<Person?>(null));
    }

    [Fact]
    public void Serialize_RecordsAndImmutableTypes_AreRebuiltThroughTheirConstructors()
    {
        Assert.Equal(new Point(int.MinValue, int.MaxValue), RoundTrip(new Point(int.MinValue, int.MaxValue)));

        var tag = RoundTrip(new Tag("t", Color.Green) { Points = [new Point(1, 2)] });
        Assert.Equal("t", tag.Name);
        Assert.Equal(Color.Green, tag.Color);
        Assert.Equal([new Point(1, 2)], tag.Points);

        var money = RoundTrip(new Money(-12.345m, "EUR"));
        Assert.Equal(-12.345m, money.Amount);
        Assert.Equal("EUR", money.Currency);
    }

    [Fact]
    public void Serialize_DerivedSerializableClass_WritesBaseMembersToo()
    {
        var dog = RoundTrip(new Dog { Name = "Rex", Breed = "Collie" });
        Assert.Equal("Rex", dog.Name);
        Assert.Equal("Collie", dog.Breed);
    }

    [Fact]
    public void Serialize_DerivedInstanceInBaseTypedMember_ThrowsNamingBothTypes()
    {
        var shelter = new Shelter { Resident = new Dog { Name = "Rex" } };

        var exception = Assert.Throws<NotSupportedException>(() => Serializer.Serialize(shelter));

        Assert.Contains(typeof(Dog).FullName!, exception.Message, StringComparison.Ordinal);
        Assert.Contains(typeof(Animal).FullName!, exception.Message, StringComparison.Ordinal);
        Assert.Contains("polymorphism", exception.Message, StringComparison.Ordinal);
        Assert.Equal("Pet", RoundTrip(new Shelter { Resident = new Animal { Name = "Pet" } }).Resident!.Name);
    }

    [Fact]
    public void Serialize_GenericSerializableType_RoundTripsForEachClosedForm()
    {
        var ints = RoundTrip(new Box<int> { Value = -5, More = [1, 2] });
        Assert.Equal(-5, ints.Value);
        Assert.Equal([1, 2], ints.More);

        var addresses = RoundTrip(new Box<Address?> { Value = new Address { Street = "S" }, More = [null] });
        Assert.Equal("S", addresses.Value!.Street);
        Assert.Null(Assert.Single(addresses.More));
    }

    [Fact]
    public void Serialize_DeepButFiniteChain_RoundTrips()
    {
        Node? head = null;
        for (var i = 0; i < 200; i++)
        {
            head = new Node { Value = i, Next = head };
        }

        var readBack = RoundTrip(head!);
        var count = 0;
        for (var node = readBack; node is not null; node = node.Next)
        {
            Assert.Equal(199 - count, node.Value);
            count++;
        }

        Assert.Equal(200, count);
    }

    [Fact]
    public void Serialize_CyclicGraph_ThrowsInsteadOfOverflowingTheStack()
    {
        var node = new Node { Value = 1 };
        node.Next = node;

        var exception = Assert.Throws<InvalidOperationException>(() => Serializer.Serialize(node));

        Assert.Contains("cycle", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_TypeWithoutGeneratedSerializer_ThrowsNotSupportedNamingTheType()
    {
        var exception = Assert.Throws<NotSupportedException>(() => Serializer.Serialize(new Unmarked()));

        Assert.Contains(typeof(Unmarked).FullName!, exception.Message, StringComparison.Ordinal);
        Assert.Contains("[GenerateSerializer]", exception.Message, StringComparison.Ordinal);
        Assert.Throws<NotSupportedException>(() => Serializer.Serialize(new List<Unmarked> { new() }));
        Assert.Throws<NotSupportedException>(() => Serializer.Serialize<object>(1));
    }

    [Fact]
    public void Deserialize_TruncatedData_ThrowsWireFormatException()
    {
        var bytes = Serializer.Serialize(new Person { Name = "truncate me", Previous = [new Address { Street = "x" }] });

        for (var length = 0; length < bytes.Length; length++)
        {
            var prefix = bytes.AsSpan(0, length).ToArray();
            Assert.Throws<WireFormatException>(() => Serializer.Deserialize<Person>(prefix));
        }
    }

    [Fact]
    public void Deserialize_DataOfAnotherType_ThrowsWireFormatExceptionNamingTheType()
    {
        var exception = Assert.Throws<WireFormatException>(() => Serializer.Deserialize<int>(Serializer.Serialize("text")));

        Assert.Contains("System.Int32", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_WiderIntegerIntoNarrowerType_AcceptsFittingValuesAndRejectsOthers()
    {
        Assert.Equal(5, Serializer.Deserialize<int>(Serializer.Serialize(5L)));
        Assert.Equal(-5L, Serializer.Deserialize<long>(Serializer.Serialize(-5)));
        Assert.Throws<WireFormatException>(() => Serializer.Deserialize<int>(Serializer.Serialize(long.MaxValue)));
        Assert.Throws<WireFormatException>(() => Serializer.Deserialize<byte>(Serializer.Serialize(256u)));
    }

    [Fact]
    public void Serialize_IntoBufferWriter_AppendsAfterExistingContent()
    {
        var output = new ArrayBufferWriter<byte>();
        output.Write(new byte[] { 0xAA });

        Serializer.Serialize("abc", output);
        Serializer.Serialize(42, output);

        var reader = new Reader(output.WrittenSpan[1..]);
        Assert.Equal("abc", Codec<string>.Read(ref reader));
        Assert.Equal(42, Codec<int>.Read(ref reader));
        Assert.True(reader.IsAtEnd);
        Assert.Equal(0xAA, output.WrittenSpan[0]);
    }

    [Fact]
    public void Serialize_SameValueTwice_ProducesIdenticalBytes()
    {
        var first = Serializer.Serialize(new Tag("a", Color.Red) { Points = [new Point(1, 1)] });
        var second = Serializer.Serialize(new Tag("a", Color.Red) { Points = [new Point(1, 1)] });

        Assert.Equal(first, second);
    }
}
