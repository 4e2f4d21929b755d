namespace Orleans.Pipeline.Runtime.CodeGen.Tests.Grains;

/// <summary>A base grain interface: its methods are inherited by <see cref="IWarehouseGrain"/>.</summary>
public interface IInventoryGrain : IGrainWithStringKey
{
    Task<Item?> FindAsync(string name);
}
