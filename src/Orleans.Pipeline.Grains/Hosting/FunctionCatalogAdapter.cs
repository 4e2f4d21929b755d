using Orleans.Pipeline.Specs;
using Orleans.Pipeline.Tasks;

namespace Orleans.Pipeline.Grains.Hosting;

/// <summary>The silo's task functions as the spec validator sees them.</summary>
public sealed class FunctionCatalogAdapter(TaskFunctionCatalog catalog) : IFunctionCatalog
{
    public bool Exists(string name) => catalog.Exists(name);

    public bool NeedsAllInputs(string name) => catalog.NeedsAllInputs(name);

    public IEnumerable<string> Names => catalog.Functions.Select(f => f.Name);
}
