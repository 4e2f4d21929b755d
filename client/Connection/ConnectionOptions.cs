using System.CommandLine;

namespace Orleans.Pipeline.Client.Connection;

/// <summary>The options every command that talks to a cluster shares.</summary>
internal sealed class ConnectionOptions
{
    /// <summary>The folder silo-host keeps its data in when given no <c>--data-dir</c>; used when nothing else says where the cluster is.</summary>
    public const string DefaultDataDirectory = "silo-data";

    private readonly Option<string[]> _gateway = new("--gateway", "-g")
    {
        Description = "A gateway silo as host:port (repeatable). Default: the active silos in the cluster database.",
        HelpName = "host:port",
    };

    private readonly Option<string> _clusterId = new("--cluster-id")
    {
        Description = "The cluster id the silos were started with.",
        HelpName = "id",
        DefaultValueFactory = _ => "default",
    };

    private readonly Option<string?> _secret = new("--secret")
    {
        Description = "The cluster secret.",
        HelpName = "secret",
    };

    private readonly Option<string?> _secretFile = new("--secret-file")
    {
        Description = "A file holding the cluster secret.",
        HelpName = "path",
    };

    private readonly Option<string?> _dataDirectory = new("--data-dir")
    {
        Description = $"A local silo-host's data directory: the secret from its cluster.secret, the gateways from its cluster.db. Default ./{DefaultDataDirectory} when it exists and nothing else is given.",
        HelpName = "dir",
    };

    private readonly Option<string?> _database = new("--database")
    {
        Description = "The cluster database to read the gateways from: a SQLite file, or a PostgreSQL connection string (Host=...;Database=...).",
        HelpName = "path|connection-string",
    };

    private readonly Option<int> _connectTimeout = new("--connect-timeout")
    {
        Description = "Seconds to wait for the cluster to answer.",
        HelpName = "seconds",
        DefaultValueFactory = _ => 10,
    };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Add(_gateway);
        command.Add(_clusterId);
        command.Add(_secret);
        command.Add(_secretFile);
        command.Add(_dataDirectory);
        command.Add(_database);
        command.Add(_connectTimeout);
    }

    public ConnectionSettings Read(ParseResult parse)
    {
        var timeout = parse.GetValue(_connectTimeout);
        if (timeout < 1)
        {
            throw new CommandException(ExitCodes.BadInput, $"--connect-timeout {timeout} is not a number of seconds: use 1 or more.");
        }

        return new ConnectionSettings(
            parse.GetValue(_gateway) ?? [],
            parse.GetValue(_clusterId) ?? "default",
            parse.GetValue(_secret),
            parse.GetValue(_secretFile),
            parse.GetValue(_dataDirectory),
            parse.GetValue(_database),
            TimeSpan.FromSeconds(timeout));
    }
}
