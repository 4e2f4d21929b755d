using Orleans.Pipeline.Runtime.CodeGen.Tests.Grains;
using Orleans.Pipeline.Runtime.CodeGen.Tests.Support;
using Orleans.Pipeline.Runtime.Manifest;

namespace Orleans.Pipeline.Runtime.CodeGen.Tests.Manifest;

public sealed class GeneratedRegistrationTests
{
    [Fact]
    public void TryGetGrainClass_GrainTypeAttribute_RegistersUnderThatNameWithReentrancyAndInterfaces()
    {
        Assert.True(GrainTypeManifest.TryGetGrainClass("depot", out var registration));

        Assert.Equal(typeof(WarehouseGrain), registration.ClassType);
        Assert.True(registration.IsReentrant);
        Assert.Equal([typeof(IInventoryGrain), typeof(IWarehouseGrain)], registration.Interfaces.OrderBy(t => t.Name));
        Assert.Same(registration, GrainTypeManifest.GetGrainClassFor(typeof(IInventoryGrain)));
    }

    [Fact]
    public void TryGetGrainClass_NoGrainTypeAttribute_UsesLowerCaseClassNameWithoutGrainSuffix()
    {
        Assert.True(GrainTypeManifest.TryGetGrainClass("counter", out var registration));

        Assert.Equal(typeof(CounterGrain), registration.ClassType);
        Assert.False(registration.IsReentrant);
        Assert.Equal([typeof(ICounterGrain)], registration.Interfaces);
    }

    [Fact]
    public void Create_GrainWithStateAndService_GetsStateFromContextAndServiceFromServices()
    {
        Assert.True(GrainTypeManifest.TryGetGrainClass("depot", out var registration));
        var clock = new FixedTimeProvider();
        var context = new FakeGrainContext(
            GrainId.Create("depot", "d1"),
            new TestGrainHost(throughWire: false),
            new FakeServiceProvider(new() { [typeof(TimeProvider)] = clock }));

        var grain = Assert.IsType<WarehouseGrain>(registration.Create(context));

        var state = Assert.IsType<FakePersistentState<WarehouseState>>(Assert.Single(context.States));
        Assert.Same(state, grain.Stock);
        Assert.Equal("stock", state.StateName);
        Assert.Equal("warehouse-store", state.StorageName);
        Assert.Same(clock, grain.Clock);
        Assert.Same(context, grain.GrainContext);
        Assert.Equal("d1", grain.GetPrimaryKeyString());
    }

    [Fact]
    public void Create_MissingService_ThrowsNamingTheGrainAndTheService()
    {
        Assert.True(GrainTypeManifest.TryGetGrainClass("depot", out var registration));
        var context = new FakeGrainContext(GrainId.Create("depot", "d1"), new TestGrainHost(throughWire: false), new FakeServiceProvider([]));

        var exception = Assert.Throws<InvalidOperationException>(() => registration.Create(context));

        Assert.Contains(nameof(WarehouseGrain), exception.Message, StringComparison.Ordinal);
        Assert.Contains(typeof(TimeProvider).FullName!, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GeneratedGrainCode_TestAssembly_CarriesTheMarkerAttribute()
    {
        Assert.Single(typeof(CounterGrain).Assembly.GetCustomAttributes(typeof(GeneratedGrainCodeAttribute), inherit: false));
    }

    private sealed class FixedTimeProvider : TimeProvider;
}
