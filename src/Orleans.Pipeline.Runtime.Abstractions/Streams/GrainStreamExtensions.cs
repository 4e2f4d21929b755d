namespace Orleans.Pipeline.Runtime.Streams;

/// <summary>Stream access for grain code.</summary>
public static class GrainStreamExtensions
{
    /// <summary>
    /// The stream provider <paramref name="name"/> as this grain sees it: streams it gets produce as this activation
    /// and subscribe this grain. Providers are registered on the silo (<c>AddStreams</c>, <c>AddSqliteStreams</c>,
    /// <c>AddPostgresStreams</c>).
    /// </summary>
    public static IStreamProvider GetStreamProvider(this Grain grain, string name)
    {
        ArgumentNullException.ThrowIfNull(grain);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var providers = grain.ServiceProvider.GetService(typeof(IGrainStreamProviders)) as IGrainStreamProviders
            ?? throw new StreamException(
                $"{grain.GetType().Name} asked for stream provider '{name}', but the silo has no stream providers; register one with AddStreams(\"{name}\") (or AddSqliteStreams / AddPostgresStreams for durable streams).");
        return providers.GetStreamProvider(name, grain.GrainContext);
    }
}
