using System.CommandLine;
using System.Globalization;
using Orleans.Pipeline.Client.Connection;
using Orleans.Pipeline.Client.Jobs;
using Orleans.Pipeline.Client.Output;
using Orleans.Pipeline.Jobs;
using Orleans.Pipeline.Runtime.Membership;
using Orleans.Pipeline.Runtime.Placement;

namespace Orleans.Pipeline.Client.Commands;

/// <summary>
/// <c>cluster [--all]</c>: the silos of the membership table (name, address, status, last heartbeat) and, for each
/// active one, its broker's executor slots, running and queued tasks.
/// </summary>
internal static class ClusterCommand
{
    private static readonly TimeSpan BrokerTimeout = TimeSpan.FromSeconds(5);

    public static Command Create(ConnectionOptions connection, ConsoleIO io)
    {
        var all = new Option<bool>("--all") { Description = "Also list the silos that died or left (the table keeps them for a while)." };
        var command = new Command("cluster", "Show the cluster's silos from its membership table, with each broker's slots, running and queued tasks.") { all };
        connection.AddTo(command);
        command.SetAction((parse, cancellationToken) => PipelineConsole.WithClusterAsync(io, connection, parse, cancellationToken, async cluster =>
        {
            if (cluster.Membership is not { } table)
            {
                throw new CommandException(
                    ExitCodes.BadInput,
                    "'cluster' reads the membership table in the cluster database: give --data-dir DIR (a silo-host's data directory) or --database, not only --gateway.");
            }

            var snapshot = await ClusterConnection.ReadMembershipAsync(table, cluster.Description, cancellationToken).ConfigureAwait(false);
            var entries = snapshot.Rows
                .Select(r => r.Entry)
                .Where(e => parse.GetValue(all) || e.Status != SiloStatus.Dead)
                .OrderBy(e => e.SiloName, StringComparer.Ordinal)
                .ThenBy(e => e.Address)
                .ToList();
            var brokers = await Task.WhenAll(entries.Select(e => StatusOfAsync(cluster, e, io.Time, cancellationToken))).ConfigureAwait(false);

            var view = new TextTable("silo", "address", "status", ">slots", ">running", ">queued", "started", "last heartbeat");
            for (var i = 0; i < entries.Count; i++)
            {
                var entry = entries[i];
                var broker = brokers[i];
                view.Add(
                    entry.SiloName,
                    string.Create(CultureInfo.InvariantCulture, $"{entry.Address.Host}:{entry.Address.Port}"),
                    entry.Status.ToString(),
                    broker?.Slots.ToString(CultureInfo.InvariantCulture) ?? "-",
                    broker?.Running.ToString(CultureInfo.InvariantCulture) ?? "-",
                    broker?.Queued.ToString(CultureInfo.InvariantCulture) ?? "-",
                    JobReport.FormatTime(entry.StartTime.ToUnixTimeMilliseconds()),
                    JobReport.FormatTime(entry.IAmAliveTime.ToUnixTimeMilliseconds()));
            }

            var active = entries.Count(e => e.Status == SiloStatus.Active);
            var answered = brokers.Where(b => b is not null).ToList();
            await io.Out.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"{cluster.Description}: {Words.Count(active, "active silo")}; {Words.Count(answered.Sum(b => b!.Slots), "executor slot")}, {Words.Count(answered.Sum(b => b!.Running), "task")} running, {answered.Sum(b => b!.Queued)} queued.")).ConfigureAwait(false);
            if (view.Count > 0)
            {
                view.Write(io.Out);
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>The broker's status of an active silo; null for other silos or when the broker does not answer in time.</summary>
    private static async Task<BrokerStatus?> StatusOfAsync(ClusterConnection cluster, MembershipEntry entry, TimeProvider time, CancellationToken cancellationToken)
    {
        if (entry.Status != SiloStatus.Active)
        {
            return null;
        }

        try
        {
            var broker = cluster.Grains.GetGrain<IBrokerGrain>(SiloPinnedKey.Create(entry.Address.ToString()));
            return await broker.GetStatusAsync().WaitAsync(BrokerTimeout, time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A silo without the pipeline, or one that is going down, has no broker to ask; its row says so with '-'.
            return null;
        }
    }
}
