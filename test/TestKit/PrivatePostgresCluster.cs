using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Orleans.Pipeline.TestKit;

/// <summary>A cluster in a temp directory run by this process's tests.</summary>
internal sealed class PrivatePostgresCluster
{
    public const string Superuser = "postgres";
    private const string OsUser = "postgres";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(120);

    private readonly string _pgCtl;
    private readonly string? _runAsUser;
    private Process? _watchdog;

    private PrivatePostgresCluster(string bin, string root, string? runAsUser)
    {
        _pgCtl = Path.Combine(bin, "pg_ctl");
        Root = root;
        _runAsUser = runAsUser;
    }

    public string Root { get; }

    public int Port { get; private set; }

    private string DataDirectory => Path.Combine(Root, "data");

    private string SocketDirectory => Path.Combine(Root, "socket");

    private string LogFile => Path.Combine(Root, "server.log");

    public static async Task<PrivatePostgresCluster> StartAsync(string bin, CancellationToken cancellationToken)
    {
        // PostgreSQL refuses to run as root; the postgresql package creates the 'postgres' user for this.
        var runAsUser = Environment.IsPrivilegedProcess ? OsUser : null;

        // Root's TMPDIR may be private to root; /tmp is reachable by every user.
        var tempRoot = runAsUser is null ? Path.GetTempPath() : "/tmp";
        var cluster = new PrivatePostgresCluster(bin, Path.Combine(tempRoot, $"pipeline-pg-{Guid.NewGuid():N}"[..24]), runAsUser);
        System.IO.Directory.CreateDirectory(cluster.SocketDirectory);
        cluster.StartWatchdog();
        try
        {
            if (runAsUser is not null)
            {
                await cluster.RunRequiredAsync("chown", ["-R", $"{OsUser}:", cluster.Root], asOsUser: false, cancellationToken, failure:
                    $"Running the tests as root needs the '{OsUser}' OS user (the postgresql package creates it), because PostgreSQL refuses to run as root.");
            }

            await cluster.RunRequiredAsync(
                Path.Combine(bin, "initdb"),
                ["-D", cluster.DataDirectory, "-U", Superuser, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"],
                asOsUser: true,
                cancellationToken,
                failure: "initdb failed");

            await cluster.StartServerAsync(cancellationToken);
            return cluster;
        }
        catch
        {
            await cluster.StopAsync();
            throw;
        }
    }

    public async Task StopAsync()
    {
        try
        {
            await ProcessRunner.RunAsync(_pgCtl, ["stop", "-D", DataDirectory, "-m", "immediate", "-w"], TimeSpan.FromSeconds(30), _runAsUser);
        }
        finally
        {
            DeleteRoot();
        }
    }

    /// <summary>The synchronous stop, for <see cref="AppDomain.ProcessExit"/> where nothing can be awaited.</summary>
    public void Stop()
    {
        try
        {
            using var process = Process.Start(ProcessRunner.CreateStartInfo(_pgCtl, ["stop", "-D", DataDirectory, "-m", "immediate", "-w"], _runAsUser));
            process?.WaitForExit(TimeSpan.FromSeconds(30));
        }
        finally
        {
            DeleteRoot();
        }
    }

    private async Task StartServerAsync(CancellationToken cancellationToken)
    {
        // A free port can be taken between probing and binding; try a few.
        for (var attempt = 1; ; attempt++)
        {
            Port = FindFreePort();
            var options = string.Join(' ',
                $"-p {Port.ToString(CultureInfo.InvariantCulture)}",
                $"-k {SocketDirectory}",
                "-c listen_addresses=127.0.0.1",
                "-c max_connections=300",
                "-c fsync=off",
                "-c synchronous_commit=off",
                "-c full_page_writes=off");
            var result = await ProcessRunner.RunAsync(
                _pgCtl,
                ["start", "-D", DataDirectory, "-l", LogFile, "-w", "-t", "60", "-o", options],
                CommandTimeout,
                _runAsUser,
                cancellationToken);
            if (result.Succeeded)
            {
                return;
            }

            var log = File.Exists(LogFile) ? await File.ReadAllTextAsync(LogFile, cancellationToken) : "";
            if (attempt < 5 && log.Contains("could not bind", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            throw new InvalidOperationException($"The test PostgreSQL server did not start (pg_ctl exit code {result.ExitCode}).\n{result.Output}\n--- server log ---\n{log}");
        }
    }

    // Stops the server and deletes the directory if this process dies without running its exit handlers.
    private void StartWatchdog()
    {
        const string Script = """
            exec </dev/null >/dev/null 2>&1
            while kill -0 "$1"; do sleep 1; done
            if [ -n "$5" ] && command -v runuser >/dev/null; then runuser -u "$5" -- "$3" stop -D "$4" -m immediate
            elif [ -n "$5" ]; then su "$5" -s /bin/sh -c '"$0" stop -D "$1" -m immediate' "$3" "$4"
            else "$3" stop -D "$4" -m immediate; fi
            rm -rf "$2"
            """;
        var startInfo = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        foreach (var argument in new[] { "-c", Script, "pipeline-pg-watchdog", Environment.ProcessId.ToString(CultureInfo.InvariantCulture), Root, _pgCtl, DataDirectory, _runAsUser ?? "" })
        {
            startInfo.ArgumentList.Add(argument);
        }

        _watchdog = Process.Start(startInfo);
    }

    private async Task RunRequiredAsync(string fileName, string[] arguments, bool asOsUser, CancellationToken cancellationToken, string failure)
    {
        var result = await ProcessRunner.RunAsync(fileName, arguments, CommandTimeout, asOsUser ? _runAsUser : null, cancellationToken);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"{failure} ({Path.GetFileName(fileName)} exit code {result.ExitCode}):\n{result.Output}");
        }
    }

    private void DeleteRoot()
    {
        if (_watchdog is { } watchdog)
        {
            // Stopped in order: the watchdog has nothing left to do.
            try
            {
                watchdog.Kill();
            }
            catch (InvalidOperationException)
            {
            }

            watchdog.Dispose();
        }

        try
        {
            System.IO.Directory.Delete(Root, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private static int FindFreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
