using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Orleans.Pipeline.Runtime.CodeGen.Tests.Support;

/// <summary>The outcome of running the generator on a snippet.</summary>
internal sealed record GeneratorRun(
    GeneratorDriver Driver,
    Compilation Input,
    Compilation Output,
    ImmutableArray<Diagnostic> GeneratorDiagnostics)
{
    /// <summary>Warnings and errors of the compilation including the generated code.</summary>
    public ImmutableArray<Diagnostic> CompilationProblems =>
        [.. Output.GetDiagnostics().Where(static d => d.Severity >= DiagnosticSeverity.Warning)];

    public ImmutableArray<GeneratedSourceResult> GeneratedSources => Driver.GetRunResult().Results[0].GeneratedSources;

    public string Source(string hintNamePrefix)
    {
        var sources = GeneratedSources.Where(s => s.HintName.StartsWith(hintNamePrefix, StringComparison.Ordinal)).ToArray();
        Assert.True(sources.Length == 1, $"expected one generated source starting with '{hintNamePrefix}', found: {string.Join(", ", GeneratedSources.Select(s => s.HintName))}");
        return sources[0].SourceText.ToString();
    }

    public Diagnostic Single(string id)
    {
        var matching = GeneratorDiagnostics.Where(d => d.Id == id).ToArray();
        Assert.True(matching.Length == 1, $"expected one {id}, got: {string.Join(" | ", GeneratorDiagnostics.Select(d => d.ToString()))}");
        return matching[0];
    }

    /// <summary>The text the diagnostic's location covers in the snippet.</summary>
    public string LocatedText(Diagnostic diagnostic)
    {
        var path = diagnostic.Location.GetLineSpan().Path;
        var tree = Input.SyntaxTrees.SingleOrDefault(t => t.FilePath == path);
        Assert.True(tree is not null, $"the diagnostic is not located in the snippet: {diagnostic.Location}");
        return tree.GetText().ToString(diagnostic.Location.SourceSpan);
    }
}
