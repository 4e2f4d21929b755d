namespace Orleans.Pipeline.Runtime.Hosting;

/// <summary>
/// A system grain every silo can answer: which grain type implements each grain interface. Clients ask it once
/// on connect, so they need only the grain interfaces, not the grain classes.
/// </summary>
public interface IManifestGrain : IGrainWithStringKey
{
    /// <summary>Grain interface full name → grain type, for interfaces with exactly one implementation.</summary>
    Task<Dictionary<string, string>> GetInterfaceMapAsync();
}
