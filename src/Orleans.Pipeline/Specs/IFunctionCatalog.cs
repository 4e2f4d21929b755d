namespace Orleans.Pipeline.Specs;

/// <summary>
/// The functions the cluster can run by name (built in, or from plugin assemblies), as far as validating a job
/// spec needs to know them. Implementations must answer without I/O or be cheap to call many times.
/// </summary>
public interface IFunctionCatalog
{
    /// <summary>Whether a function called <paramref name="name"/> exists (names are case-sensitive).</summary>
    bool Exists(string name);

    /// <summary>
    /// Whether the function needs all its inputs before it starts (sort, combine): its stage cannot be concurrent.
    /// Only asked about functions that exist.
    /// </summary>
    bool NeedsAllInputs(string name);

    /// <summary>Every function name, used to suggest the intended one for a misspelled name; empty by default.</summary>
    IEnumerable<string> Names => [];
}
