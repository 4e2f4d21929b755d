using Orleans.Pipeline.Runtime.Serialization;
using Orleans.Pipeline.Runtime.CodeGen.Tests.Serialization.Types;

namespace Orleans.Pipeline.Runtime.CodeGen.Tests.Serialization;

public sealed class VersionToleranceTests
{
    private static ContractV1 Sample() => new()
    {
        Name = "contract",
        Addresses = [new Address { Street = "First", Number = 1 }, new Address { Street = "Second", Number = 2 }],
    };

    [Fact]
    public void Deserialize_OlderDataIntoNewerVersion_KeepsKnownFieldsAndInitialValueOfNewField()
    {
        var bytes = Serializer.Serialize(Sample());

        var newer = Serializer.Deserialize<ContractV2>(bytes);

        Assert.Equal("contract", newer.Name);
        Assert.Equal(["First", "Second"], newer.Addresses.Select(a => a.Street));
        Assert.Equal(5, newer.Priority);
    }

    [Fact]
    public void Deserialize_NewerDataIntoOlderVersion_SkipsUnknownFields()
    {
        var bytes = Serializer.Serialize(Sample());

        var older = Serializer.Deserialize<ContractV0>(bytes);

        Assert.Equal("contract", older.Name);
    }

    [Fact]
    public void Deserialize_NewerElementsInACollection_SkipsUnknownFieldsOfEveryElement()
    {
        var bytes = Serializer.Serialize(new List<ContractV2>
        {
            new() { Name = "a", Addresses = [new Address { Street = "x" }], Priority = 1 },
            new() { Name = "b", Priority = 2 },
        });

        var older = Serializer.Deserialize<List<ContractV0>>(bytes);
        var middle = Serializer.Deserialize<List<ContractV1>>(bytes);

        Assert.Equal(["a", "b"], older.Select(c => c.Name));
        Assert.Equal(["a", "b"], middle.Select(c => c.Name));
        Assert.Equal("x", Assert.Single(middle[0].Addresses).Street);
        Assert.Empty(middle[1].Addresses);
    }

    [Fact]
    public void Deserialize_GrainArgumentsWithAnExtraArgument_IgnoresIt()
    {
        // Arguments are an object like any other: a caller sending an extra argument does not break the callee.
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new Writer(output);
        writer.WriteStartObject(0);
        Codec<int>.WriteField(ref writer, 0, 7);
        Codec<string>.WriteField(ref writer, 1, "extra");
        writer.WriteEndObject();

        var reader = new Reader(output.WrittenSpan);
        reader.ReadStartObject(typeof(object));
        var values = new List<int>();
        while (reader.ReadNextField(out var id, out var wireType))
        {
            if (id == 0)
            {
                values.Add(Codec<int>.ReadValue(ref reader, wireType));
            }
            else
            {
                reader.SkipValue(wireType);
            }
        }

        Assert.Equal([7], values);
        Assert.True(reader.IsAtEnd);
    }
}
