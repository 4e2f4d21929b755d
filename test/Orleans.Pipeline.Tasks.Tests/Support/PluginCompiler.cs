using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Orleans.Pipeline.Tasks.Tests.Support;

/// <summary>Compiles a plugin assembly from C# source into a directory, as a user's project would produce it.</summary>
internal static class PluginCompiler
{
    private static readonly Lazy<MetadataReference[]> References = new(static () =>
    [
        .. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(static path => Path.GetFileName(path) is var name
                && (name.StartsWith("System.", StringComparison.Ordinal) || name is "System.dll" or "netstandard.dll" or "mscorlib.dll"))
            .Select(static path => MetadataReference.CreateFromFile(path)),
        MetadataReference.CreateFromFile(typeof(ITaskFunction).Assembly.Location),
    ]);

    /// <summary>Compiles <paramref name="source"/> to <c>{directory}/{assemblyName}.dll</c> and returns the file's path.</summary>
    public static string Compile(string directory, string assemblyName, string source)
    {
        Directory.CreateDirectory(directory);
        var compilation = CSharpCompilation.Create(
            assemblyName,
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest))],
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var path = Path.Combine(directory, assemblyName + ".dll");
        var result = compilation.Emit(path);
        if (!result.Success)
        {
            throw new InvalidOperationException(
                $"The plugin {assemblyName} does not compile:\n{string.Join("\n", result.Diagnostics.Where(static d => d.Severity == DiagnosticSeverity.Error))}");
        }

        return path;
    }

    /// <summary>Source of a plugin class named <paramref name="className"/> registered as <paramref name="functionName"/>, writing its inputs upper-cased to label 0.</summary>
    public static string UpperCaseFunction(string ns, string className, string functionName, bool needsAllInputs = false) => $$"""
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;
        using Orleans.Pipeline.Tasks;

        namespace {{ns}};

        [TaskFunction("{{functionName}}", NeedsAllInputs = {{(needsAllInputs ? "true" : "false")}})]
        public sealed class {{className}} : ITaskFunction
        {
            public async Task RunAsync(TaskContext context, CancellationToken cancellationToken)
            {
                using var output = new StreamWriter(context.Outputs.OpenWrite(0));
                await foreach (var input in context.Inputs.ReadAllAsync(cancellationToken))
                {
                    using var reader = new StreamReader(await input.OpenReadAsync(cancellationToken));
                    await output.WriteAsync((await reader.ReadToEndAsync(cancellationToken)).ToUpperInvariant());
                }
            }
        }
        """;
}
