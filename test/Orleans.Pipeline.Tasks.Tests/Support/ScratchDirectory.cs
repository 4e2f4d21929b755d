namespace Orleans.Pipeline.Tasks.Tests.Support;

/// <summary>A fresh directory under the system temp folder, deleted with its content on dispose.</summary>
internal sealed class ScratchDirectory : IDisposable
{
    public ScratchDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"pipeline-tasks-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string GetPath(string name) => System.IO.Path.Combine(Path, name);

    public string WriteFile(string name, string content)
    {
        var path = GetPath(name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
