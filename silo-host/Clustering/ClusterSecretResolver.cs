using System.Security.Cryptography;
using Orleans.Pipeline.SiloHost.Configuration;

namespace Orleans.Pipeline.SiloHost.Clustering;

/// <summary>
/// Decides the cluster secret. A configured value wins, else a configured file; with neither, the silo is secure by
/// default: it reuses <c>{DataDirectory}/cluster.secret</c> or generates a random one there (mode 0600), so every
/// silo and client on the machine that shares the data directory (or is given the file with <c>--secret-file</c>)
/// belongs to the cluster and nothing else does.
/// </summary>
public static class ClusterSecretResolver
{
    /// <summary>The file name of the generated secret inside the data directory.</summary>
    public const string DefaultFileName = "cluster.secret";

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode AnyoneElse =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Resolves the secret; throws <see cref="SiloHostConfigurationException"/> for a bad configuration or an unreadable file.</summary>
    /// <param name="configuredSecret">The configured value, or empty.</param>
    /// <param name="secretFile">The configured file, or empty.</param>
    /// <param name="dataDirectory">The silo's data directory (created when the secret is generated).</param>
    /// <param name="timeProvider">Paces the short wait for a secret another silo is writing at the same moment.</param>
    public static async Task<ClusterSecret> ResolveAsync(string? configuredSecret, string? secretFile, string dataDirectory, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(dataDirectory);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var hasValue = !string.IsNullOrWhiteSpace(configuredSecret);
        var hasFile = !string.IsNullOrWhiteSpace(secretFile);
        if (hasValue && hasFile)
        {
            throw new SiloHostConfigurationException(
                "Both a cluster secret (--secret, Cluster:ClusterSecret) and a secret file (--secret-file, Cluster:ClusterSecretFile) are set: give only one.");
        }

        if (hasValue)
        {
            return new ClusterSecret(configuredSecret!.Trim(), ClusterSecretOrigin.Configured, null, ReadableByOthers: false);
        }

        if (hasFile)
        {
            var path = Path.GetFullPath(secretFile!);
            if (!File.Exists(path))
            {
                throw new SiloHostConfigurationException(
                    $"The cluster secret file '{path}' does not exist: give the file of the cluster's secret (a silo without a configured secret writes one to {{DataDirectory}}/{DefaultFileName}).");
            }

            return new ClusterSecret(await ReadAsync(path).ConfigureAwait(false), ClusterSecretOrigin.File, path, IsReadableByOthers(path));
        }

        var directory = Path.GetFullPath(dataDirectory);
        var defaultPath = Path.Combine(directory, DefaultFileName);
        if (File.Exists(defaultPath))
        {
            return await ReadExistingAsync(defaultPath, timeProvider).ConfigureAwait(false);
        }

        Directory.CreateDirectory(directory);
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = OwnerOnly;
            }

            await using (var stream = new FileStream(defaultPath, options))
            await using (var writer = new StreamWriter(stream))
            {
                await writer.WriteLineAsync(secret).ConfigureAwait(false);
            }

            return new ClusterSecret(secret, ClusterSecretOrigin.Generated, defaultPath, ReadableByOthers: false);
        }
        catch (IOException) when (File.Exists(defaultPath))
        {
            // Another silo sharing the data directory generated it first: use that one.
            return await ReadExistingAsync(defaultPath, timeProvider).ConfigureAwait(false);
        }
        catch (UnauthorizedAccessException error)
        {
            throw new SiloHostConfigurationException(
                $"Cannot write the cluster secret to '{defaultPath}': {error.Message} Choose a writable --data-dir, or give the secret with --secret-file.", error);
        }
    }

    private static async Task<ClusterSecret> ReadExistingAsync(string path, TimeProvider timeProvider)
    {
        // A silo that created the file a moment ago may not have written the line yet.
        var deadline = timeProvider.GetTimestamp() + (long)(2 * timeProvider.TimestampFrequency);
        while (true)
        {
            try
            {
                return new ClusterSecret(await ReadAsync(path).ConfigureAwait(false), ClusterSecretOrigin.DataDirectory, path, IsReadableByOthers(path));
            }
            catch (SiloHostConfigurationException) when (timeProvider.GetTimestamp() < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), timeProvider).ConfigureAwait(false);
            }
        }
    }

    private static async Task<string> ReadAsync(string path)
    {
        string text;
        try
        {
            text = await File.ReadAllTextAsync(path).ConfigureAwait(false);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new SiloHostConfigurationException($"Cannot read the cluster secret file '{path}': {error.Message}", error);
        }

        var secret = text.Trim();
        return secret.Length > 0
            ? secret
            : throw new SiloHostConfigurationException($"The cluster secret file '{path}' is empty: it must hold the cluster's secret on one line.");
    }

    private static bool IsReadableByOthers(string path) =>
        !OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & AnyoneElse) != 0;
}
