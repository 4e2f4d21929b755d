namespace Orleans.Pipeline.Tasks.Plugins;

/// <summary>A plugin assembly that was loaded, with the task functions found in it.</summary>
internal sealed record PluginAssembly(string Path, PluginLoadContext Context, IReadOnlyList<TaskFunctionDescriptor> Functions);
