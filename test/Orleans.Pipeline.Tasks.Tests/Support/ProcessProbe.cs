namespace Orleans.Pipeline.Tasks.Tests.Support;

/// <summary>Looks at processes through /proc (the tests that start programs run on Linux).</summary>
internal static class ProcessProbe
{
    /// <summary>Whether <paramref name="pid"/> is a live process (a zombie waiting to be reaped is not).</summary>
    public static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..][0];
            return state is not ('Z' or 'X');
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return false;
        }
    }

    /// <summary>Waits until <paramref name="pid"/> is gone; false if it is still running after <paramref name="timeout"/>.</summary>
    public static async Task<bool> WaitForExitAsync(int pid, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (IsRunning(pid))
        {
            try
            {
                await Task.Delay(20, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Waits until <paramref name="path"/> exists and holds a line; returns the line.</summary>
    public static async Task<string> WaitForFileAsync(string path, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            if (File.Exists(path) && File.ReadAllText(path) is { Length: > 0 } text && text.EndsWith('\n'))
            {
                return text.Trim();
            }

            await Task.Delay(20, deadline.Token);
        }
    }
}
