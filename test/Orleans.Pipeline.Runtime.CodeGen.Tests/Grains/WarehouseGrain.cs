using Orleans.Pipeline.Runtime.Persistence;

namespace Orleans.Pipeline.Runtime.CodeGen.Tests.Grains;

[Reentrant]
[GrainType("depot")]
public sealed class WarehouseGrain(
    [PersistentState("stock", "warehouse-store")] IPersistentState<WarehouseState> stock,
    TimeProvider clock) : Grain, IWarehouseGrain
{
    public IPersistentState<WarehouseState> Stock => stock;

    public TimeProvider Clock => clock;

    public Task<Item?> FindAsync(string name) => Task.FromResult(stock.State.Items.Find(i => i.Name == name));

    public Task AddAsync(Item item)
    {
        stock.State.Items.Add(item);
        return stock.WriteStateAsync();
    }

    public ValueTask<IReadOnlyList<Item>> ListAsync() => new(stock.State.Items);

    public Task<Dictionary<string, int>> CountsAsync()
    {
        var counts = new Dictionary<string, int>();
        foreach (var item in stock.State.Items)
        {
            counts[item.Name] = counts.GetValueOrDefault(item.Name) + item.Quantity;
        }

        return Task.FromResult(counts);
    }

    public Task<int> AddToCounterAsync(ICounterGrain counter, int amount) => counter.AddAsync(amount);

    public Task<ICounterGrain?> EchoAsync(ICounterGrain? counter) => Task.FromResult(counter);
}
