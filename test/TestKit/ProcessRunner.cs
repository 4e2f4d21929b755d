using System.Diagnostics;

namespace Orleans.Pipeline.TestKit;

/// <summary>Runs a command to completion with a deadline, capturing its output; optionally as another OS user.</summary>
public static class ProcessRunner
{
    /// <summary>Runs <paramref name="fileName"/> with <paramref name="arguments"/>; kills it and throws <see cref="TimeoutException"/> past <paramref name="timeout"/>.</summary>
    /// <param name="fileName">The program.</param>
    /// <param name="arguments">Its arguments, passed as they are (no shell).</param>
    /// <param name="timeout">The deadline.</param>
    /// <param name="runAsUser">When not null, run through <c>runuser -u</c> (or <c>su</c>) as this user; requires root.</param>
    /// <param name="cancellationToken">Cancels the wait and kills the process.</param>
    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        string? runAsUser = null,
        CancellationToken cancellationToken = default)
    {
        var startInfo = CreateStartInfo(fileName, arguments, runAsUser);
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        startInfo.RedirectStandardInput = true;

        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start '{fileName}'.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"'{Describe(startInfo)}' did not finish within {timeout.TotalSeconds:0} s.");
        }

        var output = (await stdout + await stderr).Trim();
        return new ProcessResult(process.ExitCode, output);
    }

    /// <summary>The start info for <paramref name="fileName"/>, wrapped to run as <paramref name="runAsUser"/> when given.</summary>
    public static ProcessStartInfo CreateStartInfo(string fileName, IEnumerable<string> arguments, string? runAsUser)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ProcessStartInfo startInfo;
        if (runAsUser is null)
        {
            startInfo = new ProcessStartInfo(fileName);
            foreach (var argument in arguments)
            {
                startInfo.ArgumentList.Add(argument);
            }
        }
        else if (FindOnPath("runuser") is { } runuser)
        {
            startInfo = new ProcessStartInfo(runuser);
            startInfo.ArgumentList.Add("-u");
            startInfo.ArgumentList.Add(runAsUser);
            startInfo.ArgumentList.Add("--");
            startInfo.ArgumentList.Add(fileName);
            foreach (var argument in arguments)
            {
                startInfo.ArgumentList.Add(argument);
            }
        }
        else
        {
            startInfo = new ProcessStartInfo("su");
            startInfo.ArgumentList.Add(runAsUser);
            startInfo.ArgumentList.Add("-s");
            startInfo.ArgumentList.Add("/bin/sh");
            startInfo.ArgumentList.Add("-c");
            startInfo.ArgumentList.Add(string.Join(' ', new[] { fileName }.Concat(arguments).Select(ShellQuote)));
        }

        startInfo.UseShellExecute = false;
        return startInfo;
    }

    /// <summary>Quotes <paramref name="value"/> for a POSIX shell.</summary>
    public static string ShellQuote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    /// <summary>The full path of <paramref name="program"/> on PATH (or in /usr/sbin, /sbin), or null.</summary>
    public static string? FindOnPath(string program)
    {
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/sbin", "/usr/bin", "/bin"]);
        return directories.Select(directory => Path.Combine(directory, program)).FirstOrDefault(File.Exists);
    }

    private static string Describe(ProcessStartInfo startInfo) =>
        string.Join(' ', new[] { startInfo.FileName }.Concat(startInfo.ArgumentList));
}
