using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Pipeline.Tasks.BuiltIns;
using Orleans.Pipeline.Tasks.ExternalPrograms;
using Orleans.Pipeline.Tasks.Tests.Support;

namespace Orleans.Pipeline.Tasks.Tests;

public class TaskFunctionCatalogTests
{
    [Theory]
    [InlineData("wordcount_map", false)]
    [InlineData("wordcount_reduce", true)]
    [InlineData("combine", true)]
    [InlineData("sort", true)]
    [InlineData("sum", false)]
    [InlineData("identity", false)]
    [InlineData("cat", false)]
    [InlineData("byte_histogram", false)]
    [InlineData("join", true)]
    public void ExistsAndNeedsAllInputs_BuiltInName_ReportTheFunction(string name, bool needsAllInputs)
    {
        using var catalog = new TaskFunctionCatalog();

        Assert.True(catalog.Exists(name));
        Assert.Equal(needsAllInputs, catalog.NeedsAllInputs(name));
        Assert.True(catalog.TryGetDescriptor(name, out var descriptor));
        Assert.Equal(TaskFunctionKind.BuiltIn, descriptor.Kind);
        Assert.Same(catalog.Resolve(name), catalog.Resolve(name));
    }

    [Fact]
    public void Functions_NoPlugins_ListsTheBuiltInsByName()
    {
        using var catalog = new TaskFunctionCatalog();

        Assert.Equal(
            ["byte_histogram", "cat", "combine", "identity", "join", "sort", "sum", "wordcount_map", "wordcount_reduce"],
            catalog.Functions.Select(f => f.Name));
    }

    [Fact]
    public void Resolve_UnknownName_ThrowsFatalNamingItAndTheKnownFunctions()
    {
        using var catalog = new TaskFunctionCatalog();

        Assert.False(catalog.Exists("wordcount_mapp"));
        Assert.False(catalog.NeedsAllInputs("wordcount_mapp"));
        var error = Assert.Throws<TaskFatalException>(() => catalog.Resolve("wordcount_mapp"));
        Assert.Contains("'wordcount_mapp'", error.Message, StringComparison.Ordinal);
        Assert.Contains("wordcount_map,", error.Message, StringComparison.Ordinal);
        Assert.Contains("program:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_PluginOnPluginPath_RunsTheUserFunctionFromItsOwnLoadContext()
    {
        using var plugins = new ScratchDirectory();
        var folder = plugins.GetPath("acme");
        var path = PluginCompiler.Compile(folder, "Acme.TextTools", string.Join("\n", [
            PluginCompiler.UpperCaseFunction("Acme.TextTools", "UpperFunction", "upper"),
        ]));
        PluginCompiler.Compile(folder, "Acme.Merge", PluginCompiler.UpperCaseFunction("Acme.Merge", "MergeFunction", "merge_all", needsAllInputs: true));

        // A published plugin carries its own copy of the contract; the host's copy must still be the one used.
        File.Copy(typeof(ITaskFunction).Assembly.Location, Path.Combine(folder, "Orleans.Pipeline.Tasks.dll"));
        using var catalog = new TaskFunctionCatalog(new TaskOptions { PluginPath = plugins.Path });

        Assert.True(catalog.TryGetDescriptor("upper", out var descriptor));
        Assert.Equal(TaskFunctionKind.Plugin, descriptor.Kind);
        Assert.Equal(path, descriptor.Source);
        Assert.Equal("Acme.TextTools.UpperFunction", descriptor.FunctionType.FullName);
        Assert.False(catalog.NeedsAllInputs("upper"));
        Assert.True(catalog.NeedsAllInputs("merge_all"));
        var context = AssemblyLoadContext.GetLoadContext(descriptor.FunctionType.Assembly)!;
        Assert.NotSame(AssemblyLoadContext.Default, context);
        Assert.True(context.IsCollectible);

        var (outputs, _) = await TaskRunner.RunAsync(catalog.Resolve("upper"), [TaskRunner.Text(0, "shout "), TaskRunner.Text(1, "this")]);
        Assert.Equal("SHOUT THIS", outputs.GetText(0));
    }

    [Fact]
    public void Constructor_TwoPluginsWithTheSameName_ThrowsNamingBothTypesAndFiles()
    {
        using var plugins = new ScratchDirectory();
        var first = PluginCompiler.Compile(plugins.GetPath("a"), "Acme.First", PluginCompiler.UpperCaseFunction("Acme.First", "Shout", "shout"));
        var second = PluginCompiler.Compile(plugins.GetPath("b"), "Acme.Second", PluginCompiler.UpperCaseFunction("Acme.Second", "Yell", "shout"));

        var error = Assert.Throws<TaskFunctionLoadException>(() => new TaskFunctionCatalog(new TaskOptions { PluginPath = plugins.Path }));

        Assert.Contains("'shout' is defined twice", error.Message, StringComparison.Ordinal);
        Assert.Contains($"Acme.First.Shout in {first}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"Acme.Second.Yell in {second}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_PluginNamedLikeABuiltIn_ThrowsNamingTheBuiltIn()
    {
        using var plugins = new ScratchDirectory();
        PluginCompiler.Compile(plugins.Path, "Acme.Sorter", PluginCompiler.UpperCaseFunction("Acme.Sorter", "MySort", "sort"));

        var error = Assert.Throws<TaskFunctionLoadException>(() => new TaskFunctionCatalog(new TaskOptions { PluginPath = plugins.Path }));

        Assert.Contains($"{typeof(SortFunction).FullName} in built-in", error.Message, StringComparison.Ordinal);
        Assert.Contains("Acme.Sorter.MySort", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_MarkedClassWithoutParameterlessConstructor_ThrowsNamingTheType()
    {
        using var plugins = new ScratchDirectory();
        PluginCompiler.Compile(plugins.Path, "Acme.Broken", """
            using System.Threading;
            using System.Threading.Tasks;
            using Orleans.Pipeline.Tasks;

            namespace Acme.Broken;

            [TaskFunction("broken")]
            public sealed class NeedsArgument(string setting) : ITaskFunction
            {
                public Task RunAsync(TaskContext context, CancellationToken cancellationToken) => Task.FromResult(setting);
            }
            """);

        var error = Assert.Throws<TaskFunctionLoadException>(() => new TaskFunctionCatalog(new TaskOptions { PluginPath = plugins.Path }));

        Assert.Contains("Acme.Broken.NeedsArgument", error.Message, StringComparison.Ordinal);
        Assert.Contains("no public parameterless constructor", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_MissingPluginDirectory_LoadsTheBuiltInsAndLogsAWarning()
    {
        using var scratch = new ScratchDirectory();
        var logger = new RecordingCatalogLogger();

        using var catalog = new TaskFunctionCatalog(new TaskOptions { PluginPath = scratch.GetPath("nowhere") }, logger);

        Assert.Equal(BuiltInFunctions.Types.Count, catalog.Functions.Count);
        Assert.Contains(logger.Messages, m => m.Contains(scratch.GetPath("nowhere"), StringComparison.Ordinal) && m.Contains("does not exist", StringComparison.Ordinal));
    }

    [Fact]
    public void Dispose_PluginLoaded_LetsItsLoadContextBeCollected()
    {
        using var plugins = new ScratchDirectory();
        PluginCompiler.Compile(plugins.Path, "Acme.Transient", PluginCompiler.UpperCaseFunction("Acme.Transient", "Transient", "transient"));

        var context = LoadAndDispose(plugins.Path);
        for (var i = 0; i < 20 && context.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.False(context.IsAlive);
    }

    [Fact]
    public void ExistsAndResolve_ProgramName_ResolveToAnExternalProgram()
    {
        using var catalog = new TaskFunctionCatalog();
        var name = TaskFunctionCatalog.ProgramName("python3 'word count.py' --fast");

        Assert.Equal("program:python3 'word count.py' --fast", name);
        Assert.True(catalog.Exists(name));
        Assert.False(catalog.NeedsAllInputs(name));
        var function = Assert.IsType<ExternalProgramFunction>(catalog.Resolve(name));
        Assert.Equal("python3 'word count.py' --fast", function.CommandLine);
    }

    [Theory]
    [InlineData("program:")]
    [InlineData("program:python3 'unclosed.py")]
    public void Exists_MalformedProgram_ReturnsFalseAndResolveThrowsFatal(string name)
    {
        using var catalog = new TaskFunctionCatalog();

        Assert.False(catalog.Exists(name));
        var error = Assert.Throws<TaskFatalException>(() => catalog.Resolve(name));
        Assert.Contains("malformed command line", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_Delegate_ResolvesAndRunsIt()
    {
        using var catalog = new TaskFunctionCatalog();
        catalog.Register("hello", static (context, _) =>
        {
            using var output = context.Outputs.OpenWrite(context.GroupLabel);
            output.Write("hello"u8);
            return Task.CompletedTask;
        }, needsAllInputs: true);

        Assert.True(catalog.NeedsAllInputs("hello"));
        Assert.Equal(TaskFunctionKind.Registered, catalog.Functions.Single(f => f.Name == "hello").Kind);
        var (outputs, _) = await TaskRunner.RunAsync(catalog.Resolve("hello"), [], groupLabel: 2);
        Assert.Equal("hello", outputs.GetText(2));
    }

    [Fact]
    public void Register_NameOfABuiltIn_ThrowsAndKeepsTheBuiltIn()
    {
        using var catalog = new TaskFunctionCatalog();

        var error = Assert.Throws<TaskFunctionLoadException>(() => catalog.Register("cat", new IdentityFunction()));

        Assert.Contains("'cat' is defined twice", error.Message, StringComparison.Ordinal);
        Assert.IsType<CatFunction>(catalog.Resolve("cat"));
    }

    [Theory]
    [InlineData("two words")]
    [InlineData("program:x")]
    [InlineData("")]
    public void Register_InvalidName_Throws(string name)
    {
        using var catalog = new TaskFunctionCatalog();

        Assert.Throws<TaskFunctionLoadException>(() => catalog.Register(name, new IdentityFunction()));
    }

    [Fact]
    public void AddPipelineTasks_ConfiguredOptions_BuildsTheCatalogFromThem()
    {
        var services = new ServiceCollection().AddLogging().AddPipelineTasks(o => o.AllowExternalPrograms = true);
        using var provider = services.BuildServiceProvider();

        var catalog = provider.GetRequiredService<TaskFunctionCatalog>();

        Assert.True(catalog.Options.AllowExternalPrograms);
        Assert.Same(catalog, provider.GetRequiredService<TaskFunctionCatalog>());
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference LoadAndDispose(string pluginPath)
    {
        using var catalog = new TaskFunctionCatalog(new TaskOptions { PluginPath = pluginPath });
        var type = catalog.Functions.Single(f => f.Name == "transient").FunctionType;
        return new WeakReference(AssemblyLoadContext.GetLoadContext(type.Assembly));
    }
}
