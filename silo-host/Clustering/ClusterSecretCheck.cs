using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Pipeline.Runtime.Hosting;
using Orleans.Pipeline.Runtime.Membership;
using Orleans.Pipeline.Runtime.Networking;
using Orleans.Pipeline.SiloHost.Configuration;

namespace Orleans.Pipeline.SiloHost.Clustering;

/// <summary>
/// Before joining, proves the configured secret to the cluster's live silos with the transport's own handshake. A
/// silo with the wrong secret would otherwise enter the membership table, fail every probe both ways and be voted
/// out a few seconds later; refusing to start names the problem instead. Members that cannot be reached at all
/// (crashed, not yet declared dead) prove nothing either way and are skipped.
/// </summary>
public static class ClusterSecretCheck
{
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Returns when the cluster has no live member, when one accepted the secret, or when none could be reached;
    /// throws <see cref="SiloHostConfigurationException"/> when every member that answered refused the secret.
    /// </summary>
    public static async Task EnsureAcceptedAsync(
        IMembershipTable table, ClusterOptions cluster, MembershipOptions membership, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(membership);
        ArgumentNullException.ThrowIfNull(timeProvider);
        await table.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var snapshot = await table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
        var freshSince = timeProvider.GetUtcNow() - membership.StaleIAmAliveAge;
        var live = snapshot.Rows
            .Select(row => row.Entry)
            .Where(entry => entry.Status == SiloStatus.Active && entry.IAmAliveTime >= freshSince)
            .ToArray();
        if (live.Length == 0)
        {
            return;
        }

        var transport = new TransportOptions
        {
            ClusterId = cluster.ClusterId,
            ClusterSecret = cluster.ClusterSecret,
            ConnectTimeout = AttemptTimeout,
            HandshakeTimeout = AttemptTimeout,
        };
        await using var connector = new TransportConnector(
            PeerIdentity.Client(Guid.NewGuid()), transport, DiscardingMessageSink.Instance, timeProvider, NullLoggerFactory.Instance);
        var outcomes = await Task.WhenAll(live.Select(entry => TryHandshakeAsync(connector, entry, cancellationToken))).ConfigureAwait(false);
        if (outcomes.Any(outcome => outcome == HandshakeOutcome.Accepted))
        {
            return;
        }

        var refusals = live.Where((_, i) => outcomes[i] == HandshakeOutcome.Refused).ToArray();
        if (refusals.Length > 0)
        {
            var members = string.Join(", ", refusals.Select(entry => $"{entry.SiloName} at {entry.Address.Host}:{entry.Address.Port}"));
            throw new SiloHostConfigurationException(
                $"The running silos of cluster '{cluster.ClusterId}' ({members}) refused this silo's cluster secret: start it with the cluster's secret " +
                $"(--secret, or --secret-file with the file the cluster uses; a silo started without one keeps it in {{DataDirectory}}/{ClusterSecretResolver.DefaultFileName}).");
        }
    }

    private static async Task<HandshakeOutcome> TryHandshakeAsync(TransportConnector connector, MembershipEntry entry, CancellationToken cancellationToken)
    {
        var endpoint = entry.Address.ToEndPoint();
        try
        {
            await connector.GetConnectionAsync(endpoint, cancellationToken).ConfigureAwait(false);
            return HandshakeOutcome.Accepted;
        }
        catch (ConnectionFailedException error) when (error.InnerException is HandshakeFailedException
        {
            Reason: HandshakeFailureReason.SecretMismatch or HandshakeFailureReason.ClusterIdMismatch,
        })
        {
            return HandshakeOutcome.Refused;
        }
        catch (TransportException)
        {
            return HandshakeOutcome.Unreachable;
        }
    }
}
