namespace Orleans.Pipeline.TestKit.Processes;

/// <summary>Finds what the solution build put in other projects' output folders, built with the running test's configuration.</summary>
public static class BuildOutput
{
    /// <summary>The repository root (the folder holding <c>Orleans.Pipeline.sln</c>) above the test's output folder.</summary>
    public static string RepositoryRoot
    {
        get
        {
            var root = new DirectoryInfo(AppContext.BaseDirectory);
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "Orleans.Pipeline.sln")))
            {
                root = root.Parent;
            }

            return root?.FullName ?? throw new InvalidOperationException($"Cannot find the repository root above {AppContext.BaseDirectory}.");
        }
    }

    /// <summary>The build configuration of the running test assembly (<c>Debug</c> or <c>Release</c>).</summary>
    public static string Configuration =>
        new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent?.Name ?? "Debug";

    /// <summary>
    /// The full path of <paramref name="assemblyFileName"/> in the output folder of the project in
    /// <paramref name="projectDirectory"/> (relative to the repository root); fails with a message saying to build when it is not there.
    /// </summary>
    public static string GetAssemblyPath(string projectDirectory, string assemblyFileName)
    {
        var path = Path.Combine(RepositoryRoot, projectDirectory, "bin", Configuration, "net10.0", assemblyFileName);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{assemblyFileName} is not built for {Configuration}: build the solution first.", path);
    }
}
