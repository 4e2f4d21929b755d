using System.Diagnostics;

namespace Orleans.Pipeline.TestKit;

/// <summary>Finds and runs the built <c>silo-host</c> executable, for tests that need silos in their own processes.</summary>
public static class SiloHostExecutable
{
    /// <summary>The silo-host.dll built with the same configuration as the running test assembly.</summary>
    public static string DllPath
    {
        get
        {
            var testOutput = Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory);
            var configuration = new DirectoryInfo(testOutput).Parent?.Name ?? "Debug";
            var root = new DirectoryInfo(testOutput);
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "Orleans.Pipeline.sln")))
            {
                root = root.Parent;
            }

            if (root is null)
            {
                throw new InvalidOperationException($"Cannot find the repository root above {testOutput}.");
            }

            var dll = Path.Combine(root.FullName, "silo-host", "bin", configuration, "net10.0", "silo-host.dll");
            return File.Exists(dll)
                ? dll
                : throw new FileNotFoundException($"silo-host is not built for {configuration}: build the solution first.", dll);
        }
    }

    public static ProcessStartInfo CreateStartInfo(IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(DllPath);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }

    public static Task<ProcessResult> RunAsync(IEnumerable<string> arguments, TimeSpan timeout) =>
        ProcessRunner.RunAsync("dotnet", [DllPath, .. arguments], timeout);
}
