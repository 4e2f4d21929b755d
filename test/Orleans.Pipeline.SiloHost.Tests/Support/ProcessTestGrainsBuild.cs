using Orleans.Pipeline.TestKit.Processes;

namespace Orleans.Pipeline.SiloHost.Tests.Support;

/// <summary>The built grain assembly that the silo-host processes of these tests load with <c>--grain-assembly</c>.</summary>
internal static class ProcessTestGrainsBuild
{
    public static string AssemblyPath =>
        BuildOutput.GetAssemblyPath(Path.Combine("test", "Orleans.Pipeline.ProcessTestGrains"), "Orleans.Pipeline.ProcessTestGrains.dll");
}
