namespace Orleans.Pipeline.Runtime.CodeGen.Tests.Grains;

public interface IWarehouseGrain : IInventoryGrain
{
    Task AddAsync(Item item);

    ValueTask<IReadOnlyList<Item>> ListAsync();

    Task<Dictionary<string, int>> CountsAsync();

    /// <summary>Calls <paramref name="counter"/> from inside the grain, through the reference it was given.</summary>
    Task<int> AddToCounterAsync(ICounterGrain counter, int amount);

    Task<ICounterGrain?> EchoAsync(ICounterGrain? counter);
}
