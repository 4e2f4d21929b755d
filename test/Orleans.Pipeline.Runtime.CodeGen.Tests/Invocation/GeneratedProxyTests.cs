using Orleans.Pipeline.Runtime.CodeGen.Tests.Grains;
using Orleans.Pipeline.Runtime.CodeGen.Tests.Support;
using Orleans.Pipeline.Runtime.Manifest;
using Orleans.Pipeline.Runtime.Serialization;

namespace Orleans.Pipeline.Runtime.CodeGen.Tests.Invocation;

public sealed class GeneratedProxyTests
{
    public static TheoryData<bool> Delivery => new() { false, true };

    [Theory]
    [MemberData(nameof(Delivery))]
    public async Task Proxy_TaskAndValueTaskMethods_ReturnTheGrainsResults(bool throughWire)
    {
        var host = new TestGrainHost(throughWire);
        var counter = host.GetGrain<ICounterGrain>("c1");

        Assert.Equal(5, await counter.AddAsync(5));
        Assert.Equal(7, await counter.AddAsync(2));
        Assert.Equal(7, await counter.GetAsync());
        await counter.ResetAsync();
        Assert.Equal(0, await counter.GetAsync());
        Assert.Equal(throughWire ? 5 : 0, host.WireCalls);
    }

    [Theory]
    [MemberData(nameof(Delivery))]
    public async Task Proxy_GrainThrows_ExceptionReachesTheCaller(bool throughWire)
    {
        var counter = new TestGrainHost(throughWire).GetGrain<ICounterGrain>("c1");

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(async () => await counter.FailAsync("boom"));

        Assert.Equal("boom", exception.Message);
    }

    [Theory]
    [MemberData(nameof(Delivery))]
    public async Task Proxy_SerializableArgumentsAndResults_RoundTrip(bool throughWire)
    {
        var host = new TestGrainHost(throughWire);
        var warehouse = host.GetGrain<IWarehouseGrain>("w1");

        await warehouse.AddAsync(new Item("bolt", 3));
        await warehouse.AddAsync(new Item("nut", 10));
        await warehouse.AddAsync(new Item("bolt", 2));

        Assert.Equal(new Item("nut", 10), await warehouse.FindAsync("nut"));
        Assert.Null(await warehouse.FindAsync("missing"));
        Assert.Equal([new Item("bolt", 3), new Item("nut", 10), new Item("bolt", 2)], await warehouse.ListAsync());
        Assert.Equal(new Dictionary<string, int> { ["bolt"] = 5, ["nut"] = 10 }, await warehouse.CountsAsync());
        Assert.Equal(throughWire ? 7 : 0, host.WireCalls);
    }

    [Fact]
    public async Task Proxy_ThroughWire_ResultsAreCopiesNotTheGrainsObjects()
    {
        var host = new TestGrainHost(throughWire: true);
        var warehouse = host.GetGrain<IWarehouseGrain>("w1");
        await warehouse.AddAsync(new Item("bolt", 1));

        var list = await warehouse.ListAsync();

        var grain = (WarehouseGrain)host.ActivationOf(((GrainReference)warehouse).GrainId);
        Assert.NotSame(grain.Stock.State.Items, list);
        Assert.Equal(grain.Stock.State.Items, list);
    }

    [Theory]
    [MemberData(nameof(Delivery))]
    public async Task Proxy_GrainReferenceArgument_IsCallableInsideTheGrain(bool throughWire)
    {
        var host = new TestGrainHost(throughWire);
        var warehouse = host.GetGrain<IWarehouseGrain>("w1");
        var counter = host.GetGrain<ICounterGrain>("shared");

        Assert.Equal(3, await warehouse.AddToCounterAsync(counter, 3));
        Assert.Equal(7, await warehouse.AddToCounterAsync(counter, 4));
        Assert.Equal(7, await counter.GetAsync());
    }

    [Theory]
    [MemberData(nameof(Delivery))]
    public async Task Proxy_GrainReferenceResult_EqualsTheReferencePassedIn(bool throughWire)
    {
        var host = new TestGrainHost(throughWire);
        var warehouse = host.GetGrain<IWarehouseGrain>("w1");
        var counter = host.GetGrain<ICounterGrain>("c9");

        var echoed = await warehouse.EchoAsync(counter);

        Assert.NotNull(echoed);
        Assert.Equal((GrainReference)counter, (GrainReference)echoed);
        Assert.Equal(GrainId.Create("counter", "c9"), ((GrainReference)echoed).GrainId);
        Assert.Null(await warehouse.EchoAsync(null));
    }

    [Fact]
    public void Proxy_Reference_ReportsItsGrainInterfaceAndIdentity()
    {
        var warehouse = (GrainReference)new TestGrainHost(throughWire: false).GetGrain<IWarehouseGrain>("w1");

        Assert.Equal(typeof(IWarehouseGrain), warehouse.InterfaceType);
        Assert.Equal(GrainId.Create("depot", "w1"), warehouse.GrainId);
        Assert.Equal("IWarehouseGrain:depot/w1", warehouse.ToString());
        Assert.IsAssignableFrom<IInventoryGrain>(warehouse);
    }

    [Fact]
    public void TryCreateRequest_KnownMethodId_MakesARequestWithNameAndInterleaving()
    {
        Assert.True(GrainTypeManifest.TryCreateRequest("Orleans.Pipeline.Runtime.CodeGen.Tests.Grains.ICounterGrain.AddAsync(int)", out var add));
        Assert.True(GrainTypeManifest.TryCreateRequest("Orleans.Pipeline.Runtime.CodeGen.Tests.Grains.ICounterGrain.GetAsync()", out var get));

        Assert.Equal("ICounterGrain.AddAsync", add.MethodName);
        Assert.Equal("Orleans.Pipeline.Runtime.CodeGen.Tests.Grains.ICounterGrain.AddAsync(int)", add.MethodId);
        Assert.False(add.AlwaysInterleave);
        Assert.True(get.AlwaysInterleave);
        Assert.False(GrainTypeManifest.TryCreateRequest("Orleans.Pipeline.Runtime.CodeGen.Tests.Grains.ICounterGrain.Missing()", out _));
    }

    [Fact]
    public void GetInterface_DerivedGrainInterface_RegistersOwnAndInheritedMethods()
    {
        var registration = GrainTypeManifest.GetInterface(typeof(IWarehouseGrain));

        Assert.Equal(
            [
                "Orleans.Pipeline.Runtime.CodeGen.Tests.Grains.IInventoryGrain.FindAsync(string)",
                "Orleans.Pipeline.Runtime.CodeGen.Tests.Grains.IWarehouseGrain.AddAsync(Orleans.Pipeline.Runtime.CodeGen.Tests.Grains.Item)",
                "Orleans.Pipeline.Runtime.CodeGen.Tests.Grains.IWarehouseGrain.AddToCounterAsync(Orleans.Pipeline.Runtime.CodeGen.Tests.Grains.ICounterGrain,int)",
                "Orleans.Pipeline.Runtime.CodeGen.Tests.Grains.IWarehouseGrain.CountsAsync()",
                "Orleans.Pipeline.Runtime.CodeGen.Tests.Grains.IWarehouseGrain.EchoAsync(Orleans.Pipeline.Runtime.CodeGen.Tests.Grains.ICounterGrain)",
                "Orleans.Pipeline.Runtime.CodeGen.Tests.Grains.IWarehouseGrain.ListAsync()",
            ],
            registration.Methods.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(typeof(IWarehouseGrain), registration.InterfaceType);
        Assert.Equal("IInventoryGrain.FindAsync", registration.Methods["Orleans.Pipeline.Runtime.CodeGen.Tests.Grains.IInventoryGrain.FindAsync(string)"]().MethodName);
    }

    [Fact]
    public void Deserialize_GrainReferenceWithoutFactory_ThrowsNamingTheGrain()
    {
        var counter = new TestGrainHost(throughWire: false).GetGrain<ICounterGrain>("c1");
        var bytes = Serializer.Serialize(counter);

        var exception = Assert.Throws<InvalidOperationException>(() => Serializer.Deserialize<ICounterGrain>(bytes));

        Assert.Contains("counter/c1", exception.Message, StringComparison.Ordinal);
        Assert.Contains("grain factory", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_GrainObjectInsteadOfReference_ThrowsNotSupported()
    {
        var exception = Assert.Throws<NotSupportedException>(() => Serializer.Serialize<ICounterGrain>(new CounterGrain()));

        Assert.Contains("GetGrain", exception.Message, StringComparison.Ordinal);
    }
}
