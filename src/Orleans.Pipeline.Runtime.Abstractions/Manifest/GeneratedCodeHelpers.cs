namespace Orleans.Pipeline.Runtime.Manifest;

/// <summary>Small helpers that generated activators call, so generated code needs no other package.</summary>
public static class GeneratedCodeHelpers
{
    /// <summary>Resolves a grain constructor parameter from the activation's services, naming what is missing.</summary>
    public static T GetService<T>(IGrainContext context, Type grainClass)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(grainClass);
        return context.Services.GetService(typeof(T)) is T service
            ? service
            : throw new InvalidOperationException(
                $"Cannot activate {grainClass.Name}: its constructor needs {typeof(T).FullName}, which is not registered in the silo's services.");
    }
}
