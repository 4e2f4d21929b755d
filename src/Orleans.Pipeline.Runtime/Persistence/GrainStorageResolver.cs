using Microsoft.Extensions.DependencyInjection;

namespace Orleans.Pipeline.Runtime.Persistence;

/// <summary>Finds the storage a <c>[PersistentState]</c> names: the default <see cref="IGrainStorage"/> or a keyed one.</summary>
internal static class GrainStorageResolver
{
    public static IGrainStorage Resolve(IServiceProvider services, string? storageName, Type grainClass)
    {
        var storage = string.IsNullOrEmpty(storageName)
            ? services.GetService<IGrainStorage>()
            : services.GetKeyedService<IGrainStorage>(storageName);
        return storage ?? throw new InvalidOperationException(storageName is null
            ? $"{grainClass.Name} has persistent state but the silo has no grain storage; configure one (SQLite is the default of the silo host)."
            : $"{grainClass.Name} uses grain storage '{storageName}', which the silo does not have.");
    }
}
