using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Pipeline.Runtime;
using Orleans.Pipeline.Runtime.Client;
using Orleans.Pipeline.Runtime.Membership;
using Orleans.Pipeline.Runtime.Messaging;
using Orleans.Pipeline.Runtime.Storage.Postgres;
using Orleans.Pipeline.Runtime.Storage.Sqlite;

namespace Orleans.Pipeline.Client.Connection;

/// <summary>
/// A connected client of a cluster, found from <see cref="ConnectionSettings"/>: the secret from <c>--secret</c>,
/// <c>--secret-file</c> or the data directory's <c>cluster.secret</c>; the gateways from <c>--gateway</c>, or the
/// active silos of the cluster database (<c>--database</c>, or the data directory's <c>cluster.db</c>). Every failure
/// is a <see cref="CommandException"/> that says what to do.
/// </summary>
internal sealed class ClusterConnection : IAsyncDisposable
{
    private const string SecretFileName = "cluster.secret";
    private const string DatabaseFileName = "cluster.db";

    private readonly ServiceProvider? _services;
    private readonly ClusterClient _client;

    private ClusterConnection(ClusterClient client, ServiceProvider? services, IMembershipTable? membership, string description)
    {
        _client = client;
        _services = services;
        Membership = membership;
        Description = description;
    }

    public IGrainFactory Grains => _client;

    /// <summary>The cluster database's membership table, when it was given (directly or through a data directory).</summary>
    public IMembershipTable? Membership { get; }

    /// <summary>How the cluster was found, for messages: "cluster 'default' through 127.0.0.1:11111".</summary>
    public string Description { get; }

    public static async Task<ClusterConnection> ConnectAsync(ConnectionSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var dataDirectory = settings.DataDirectory;
        if (dataDirectory is null && settings.Gateways.Count == 0 && settings.Database is null && settings.Secret is null && settings.SecretFile is null
            && File.Exists(Path.Combine(ConnectionOptions.DefaultDataDirectory, DatabaseFileName)))
        {
            dataDirectory = ConnectionOptions.DefaultDataDirectory;
        }

        if (dataDirectory is not null && !Directory.Exists(dataDirectory))
        {
            throw new CommandException(ExitCodes.BadInput, $"--data-dir '{dataDirectory}' does not exist: give the folder a silo-host was started with (its --data-dir, default ./{ConnectionOptions.DefaultDataDirectory}).");
        }

        var secret = ReadSecret(settings, dataDirectory);
        var database = settings.Database ?? (dataDirectory is null ? null : Path.Combine(dataDirectory, DatabaseFileName));
        if (settings.Gateways.Count == 0 && database is null)
        {
            throw new CommandException(
                ExitCodes.BadInput,
                "Say where the cluster is: --gateway HOST:PORT (repeatable), --data-dir DIR (a silo-host's data directory on this machine) or --database (the cluster database).");
        }

        var options = new ClientOptions { ClusterId = settings.ClusterId, ClusterSecret = secret, ConnectTimeout = settings.ConnectTimeout };
        foreach (var gateway in settings.Gateways)
        {
            options.Gateways.Add(await ResolveGatewayAsync(gateway, cancellationToken).ConfigureAwait(false));
        }

        ServiceProvider? services = null;
        IMembershipTable? membership = null;
        string description;
        if (database is not null)
        {
            services = OpenDatabase(database, settings.ClusterId, fromDataDirectory: settings.Database is null);
            membership = services.GetRequiredService<IMembershipTable>();
        }

        ClusterClient? client = null;
        try
        {
            if (options.Gateways.Count > 0)
            {
                description = $"cluster '{settings.ClusterId}' through {string.Join(", ", options.Gateways)}";
            }
            else
            {
                description = $"cluster '{settings.ClusterId}' in {DescribeDatabase(database!)}";
                await EnsureActiveSiloAsync(membership!, description, cancellationToken).ConfigureAwait(false);
            }

            client = new ClusterClient(options, options.Gateways.Count > 0 ? null : membership);
            await client.ConnectAsync(cancellationToken).ConfigureAwait(false);
            return new ClusterConnection(client, services, membership, description);
        }
        catch (Exception error) when (error is SiloUnavailableException or TimeoutException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            await DisposeAsync(client, services).ConfigureAwait(false);
            throw new CommandException(
                ExitCodes.Unreachable,
                $"Cannot reach {DescribeTarget(settings, database)}: {error.Message} Check that its silos run, the address and --cluster-id, and that the secret is the cluster's.",
                error);
        }
        catch
        {
            await DisposeAsync(client, services).ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync() => await DisposeAsync(_client, _services).ConfigureAwait(false);

    /// <summary>Reads every row of the membership table; a database that cannot be read is an unreachable cluster.</summary>
    public static async Task<MembershipSnapshot> ReadMembershipAsync(IMembershipTable table, string description, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        try
        {
            return await table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new CommandException(ExitCodes.Unreachable, $"Cannot read the membership table of {description}: {error.Message}", error);
        }
    }

    private static async Task EnsureActiveSiloAsync(IMembershipTable table, string description, CancellationToken cancellationToken)
    {
        var snapshot = await ReadMembershipAsync(table, description, cancellationToken).ConfigureAwait(false);
        if (!snapshot.Rows.Any(r => r.Entry.Status == SiloStatus.Active && r.Entry.GatewayPort > 0))
        {
            var known = snapshot.Rows.Count == 0 ? "it has no silo" : $"none of its {snapshot.Rows.Count} silos is active";
            throw new CommandException(ExitCodes.Unreachable, $"Cannot reach {description}: {known}. Start a silo (silo-host), or check --cluster-id.");
        }
    }

    private static string ReadSecret(ConnectionSettings settings, string? dataDirectory)
    {
        if (settings.Secret is not null && settings.SecretFile is not null)
        {
            throw new CommandException(ExitCodes.BadInput, "Both --secret and --secret-file are given: give only one.");
        }

        if (settings.Secret is not null)
        {
            return settings.Secret.Trim().Length > 0
                ? settings.Secret.Trim()
                : throw new CommandException(ExitCodes.BadInput, "--secret is empty: give the cluster's secret.");
        }

        var file = settings.SecretFile ?? (dataDirectory is null ? null : Path.Combine(dataDirectory, SecretFileName));
        if (file is null)
        {
            throw new CommandException(
                ExitCodes.BadInput,
                $"The cluster secret is needed: --secret SECRET, --secret-file PATH, or --data-dir DIR of a silo-host (which keeps it in DIR/{SecretFileName}).");
        }

        string text;
        try
        {
            text = File.ReadAllText(file).Trim();
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new CommandException(ExitCodes.BadInput, $"Cannot read the cluster secret from '{file}': {error.Message}", error);
        }

        return text.Length > 0 ? text : throw new CommandException(ExitCodes.BadInput, $"The cluster secret file '{file}' is empty.");
    }

    private static ServiceProvider OpenDatabase(string database, string clusterId, bool fromDataDirectory)
    {
        var services = new ServiceCollection();
        if (IsConnectionString(database))
        {
            services.AddPostgresClustering(database, clusterId);
        }
        else
        {
            var path = Path.GetFullPath(database);
            if (!File.Exists(path))
            {
                // SQLite would create an empty database; say instead that this is not the cluster's.
                var hint = fromDataDirectory ? "is this a silo-host's --data-dir?" : "give the file silo-host was started with (--database, default {data-dir}/cluster.db)";
                throw new CommandException(ExitCodes.BadInput, $"There is no cluster database at '{path}': {hint}");
            }

            services.AddSqliteClustering(path, clusterId);
        }

        return services.BuildServiceProvider();
    }

    private static bool IsConnectionString(string database) =>
        database.Contains("Host=", StringComparison.OrdinalIgnoreCase) || database.Contains("Server=", StringComparison.OrdinalIgnoreCase);

    private static string DescribeDatabase(string database) =>
        IsConnectionString(database) ? "the PostgreSQL database" : $"'{Path.GetFullPath(database)}'";

    private static string DescribeTarget(ConnectionSettings settings, string? database) =>
        settings.Gateways.Count > 0
            ? $"cluster '{settings.ClusterId}' through {string.Join(", ", settings.Gateways)}"
            : $"cluster '{settings.ClusterId}' in {DescribeDatabase(database!)}";

    /// <summary><c>host:port</c> with an IP address or a host name (resolved here, IPv4 first).</summary>
    private static async Task<string> ResolveGatewayAsync(string gateway, CancellationToken cancellationToken)
    {
        if (IPEndPoint.TryParse(gateway, out var endpoint) && endpoint.Port != 0)
        {
            return endpoint.ToString();
        }

        var colon = gateway.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(gateway.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new CommandException(ExitCodes.BadInput, $"--gateway '{gateway}' is not host:port, e.g. 127.0.0.1:11111 or node1:11111.");
        }

        var host = gateway[..colon];
        IPAddress[] addresses;
        try
        {
            addresses = await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException error)
        {
            throw new CommandException(ExitCodes.Unreachable, $"--gateway '{gateway}': cannot resolve host '{host}': {error.Message}", error);
        }

        var address = addresses.OrderBy(a => a.AddressFamily == AddressFamily.InterNetwork ? 0 : 1).FirstOrDefault()
            ?? throw new CommandException(ExitCodes.Unreachable, $"--gateway '{gateway}': host '{host}' has no address.");
        return new IPEndPoint(address, port).ToString();
    }

    private static async ValueTask DisposeAsync(ClusterClient? client, ServiceProvider? services)
    {
        if (client is not null)
        {
            await client.DisposeAsync().ConfigureAwait(false);
        }

        if (services is not null)
        {
            await services.DisposeAsync().ConfigureAwait(false);
        }
    }
}
