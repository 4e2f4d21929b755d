using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Pipeline.Runtime.GrainDirectory;

namespace Orleans.Pipeline.Runtime.Membership;

/// <summary>
/// This silo's membership in the cluster: joins the membership table, writes heartbeats, probes other silos through
/// an <see cref="ISiloProber"/>, votes members dead and declares them dead (see <see cref="MembershipOptions"/> for
/// the rule and its timing), keeps a view of the table, publishes what changed, and removes the grain directory
/// entries of every silo it learns is dead. Independent of the transport.
/// </summary>
/// <remarks>
/// <para>
/// Life: <see cref="StartAsync"/> joins (<see cref="JoinAsync"/>: the row is inserted as Joining, then made Active)
/// and starts three loops on the <see cref="TimeProvider"/>: heartbeats every <see cref="MembershipOptions.IAmAlivePeriod"/>,
/// a probe round every <see cref="MembershipOptions.ProbePeriod"/>, a table refresh every
/// <see cref="MembershipOptions.TableRefreshPeriod"/>. <see cref="StopAsync"/> leaves gracefully (ShuttingDown, then
/// Dead, no suspicion). <see cref="DisposeAsync"/> stops without touching the table, as a crash would. A silo that
/// reads that it was declared dead raises <see cref="DeclaredDead"/> and stops its loops. The loop steps are public
/// (<see cref="WriteHeartbeatAsync"/>, <see cref="RunProbeRoundAsync"/>, <see cref="RefreshAsync"/>), so a host or a
/// test can drive the protocol step by step instead.
/// </para>
/// <para>
/// Concurrency: every table change is a compare-and-swap (expected table version and row ETag) in a loop that
/// re-reads after a lost race, so concurrent voters and declarers never overwrite one another. Within the service, one
/// probe round runs at a time (it owns the missed-probe counters), and views are applied one at a time in version
/// order (an older read finishing late is dropped), so events are raised in the order of the table's history.
/// </para>
/// <para>
/// Directory cleanup: whenever a view shows a member Dead (declared, left, or superseded by a newer generation of its
/// endpoint), the service calls <see cref="IGrainDirectory.UnregisterSiloAsync"/> for it once; every silo does, which
/// is idempotent, and a failure is retried at the next refresh. A silo declared dead while still running keeps its
/// activations until its host stops it on <see cref="DeclaredDead"/>.
/// </para>
/// </remarks>
public sealed class MembershipService : IClusterMembership, IHostedService, IAsyncDisposable
{
    // Compare-and-swap attempts before a step gives up until its next period (contention means others progressed).
    private const int MaxWriteAttempts = 32;
    private const int MaxJoinAttempts = 256;

    private readonly IMembershipTable _table;
    private readonly ISiloProber _prober;
    private readonly IGrainDirectory? _directory;
    private readonly MembershipOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    // Held while a view is applied and its changes published: views go out one at a time, in version order.
    private readonly SemaphoreSlim _viewGate = new(1, 1);

    // Held for a whole probe round: the missed-probe counters belong to it.
    private readonly SemaphoreSlim _probeGate = new(1, 1);
    private readonly Lock _subscribersLock = new();
    private readonly Lock _loopsLock = new();
    private readonly HashSet<SiloAddress> _directoryCleaned = [];

    private MembershipView _view = MembershipView.Empty;
    private Dictionary<SiloAddress, int> _missedProbes = [];
    private Channel<MembershipChange>[] _subscribers = [];
    private int _phase;

    // The first table version that holds this silo's row; views older than that cannot say it is dead.
    private long _joinedVersion = long.MaxValue;
    private DateTimeOffset _lastDefunctCleanup;

    private CancellationTokenSource? _loopCancellation;
    private PeriodicTimer[] _timers = [];
    private Task[] _loops = [];

    /// <param name="table">The cluster's membership table.</param>
    /// <param name="prober">Probes other silos over the transport.</param>
    /// <param name="directory">The grain directory whose entries of dead silos this service removes; null for none.</param>
    /// <param name="options">Timings (validated here; see <see cref="MembershipOptions"/> for the defaults).</param>
    /// <param name="localSilo">This silo's address (endpoint and generation).</param>
    /// <param name="siloName">This silo's configured name.</param>
    /// <param name="gatewayPort">The port clients connect to, or 0 when this silo is no gateway.</param>
    /// <param name="timeProvider">The clock for heartbeats, vote times and the loops' timers.</param>
    /// <param name="logger">Where protocol decisions are logged.</param>
    public MembershipService(
        IMembershipTable table,
        ISiloProber prober,
        IGrainDirectory? directory,
        MembershipOptions options,
        SiloAddress localSilo,
        string siloName,
        int gatewayPort,
        TimeProvider timeProvider,
        ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(prober);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(siloName);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentOutOfRangeException.ThrowIfNegative(gatewayPort);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(gatewayPort, 65535);
        if (string.IsNullOrEmpty(localSilo.Host))
        {
            throw new ArgumentException("The local silo address needs a host.", nameof(localSilo));
        }

        options.Validate();
        _table = table;
        _prober = prober;
        _directory = directory;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        LocalSilo = localSilo;
        SiloName = siloName;
        GatewayPort = gatewayPort;
    }

    /// <inheritdoc />
    public event EventHandler<MembershipChange>? SiloStatusChanged;

    /// <inheritdoc />
    public event EventHandler<MembershipChange>? DeclaredDead;

    /// <inheritdoc />
    public SiloAddress LocalSilo { get; }

    /// <summary>This silo's configured name.</summary>
    public string SiloName { get; }

    /// <summary>The port clients connect to, or 0.</summary>
    public int GatewayPort { get; }

    /// <inheritdoc />
    public MembershipView CurrentView => Volatile.Read(ref _view);

    /// <summary>Where this service is in its life.</summary>
    public MembershipPhase Phase => (MembershipPhase)Volatile.Read(ref _phase);

    /// <summary>Joins the cluster (<see cref="JoinAsync"/>) and starts the heartbeat, probe and refresh loops.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await JoinAsync(cancellationToken).ConfigureAwait(false);
        StartLoops();
    }

    /// <summary>Leaves gracefully (<see cref="ShutdownAsync"/>) if this silo is a member; otherwise only stops the loops.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => ShutdownAsync(cancellationToken);

    /// <summary>
    /// Adds this silo to the table: marks older generations of its endpoint Dead (it holds the endpoint, so they have
    /// stopped), inserts its row as Joining, then makes it Active, re-reading after every lost race; then reads the
    /// view and deletes defunct rows. Does not start the loops (<see cref="StartAsync"/> does).
    /// </summary>
    /// <exception cref="InvalidOperationException">Called twice, the table already holds this address as Dead (a restarted silo needs a new generation), or a newer generation holds the endpoint.</exception>
    public async Task JoinAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _phase, (int)MembershipPhase.Joining, (int)MembershipPhase.Created) != (int)MembershipPhase.Created)
        {
            throw new InvalidOperationException($"Silo {LocalSilo} has already joined (membership is {Phase}); a membership service joins once.");
        }

        await _table.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var now = _timeProvider.GetUtcNow();
        var entry = new MembershipEntry(LocalSilo, SiloName, SiloStatus.Joining, GatewayPort, now, now, []);
        var inserted = false;
        for (var attempt = 1; attempt <= MaxJoinAttempts && !inserted; attempt++)
        {
            var snapshot = await _table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
            if (FindRow(snapshot, LocalSilo) is { } own)
            {
                // An insert whose answer was lost: the row is ours.
                if (own.Entry.Status == SiloStatus.Dead)
                {
                    throw new InvalidOperationException(
                        $"The membership table already holds {LocalSilo} as Dead: a restarted silo must join with a new generation (a new SiloAddress).");
                }

                Interlocked.Exchange(ref _joinedVersion, snapshot.Version);
                inserted = true;
                break;
            }

            var sameEndpoint = snapshot.Rows.Where(row => row.Entry.Address.Host == LocalSilo.Host && row.Entry.Address.Port == LocalSilo.Port).ToList();
            if (sameEndpoint.FirstOrDefault(row => row.Entry.Address.Generation > LocalSilo.Generation) is { } newer)
            {
                throw new InvalidOperationException(
                    $"A newer generation of this silo's endpoint ({newer.Entry.Address}) is in the membership table: {LocalSilo} is an old incarnation and cannot join.");
            }

            if (sameEndpoint.FirstOrDefault(row => row.Entry.Status != SiloStatus.Dead) is { } older)
            {
                if (await _table.UpdateRowAsync(older.Entry with { Status = SiloStatus.Dead }, older.Etag, snapshot.Version, cancellationToken).ConfigureAwait(false))
                {
                    MembershipServiceLog.SupersededOlderGeneration(_logger, older.Entry.Address);
                }

                continue;
            }

            if (await _table.InsertRowAsync(entry, snapshot.Version, cancellationToken).ConfigureAwait(false))
            {
                Interlocked.Exchange(ref _joinedVersion, snapshot.Version + 1);
                inserted = true;
            }
            else
            {
                MembershipServiceLog.LostRace(_logger, "join", snapshot.Version);
            }
        }

        if (!inserted)
        {
            throw new InvalidOperationException(
                $"Silo {LocalSilo} could not join: the membership table changed under each of {MaxJoinAttempts} attempts to insert its row. Check for a storm of silos joining or a broken table, then retry.");
        }

        var activated = await UpdateOwnRowAsync(
            "activate",
            current => current.Status == SiloStatus.Joining ? current with { Status = SiloStatus.Active, IAmAliveTime = _timeProvider.GetUtcNow() } : null,
            cancellationToken).ConfigureAwait(false);
        Interlocked.CompareExchange(ref _phase, (int)MembershipPhase.Joined, (int)MembershipPhase.Joining);
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        if (activated)
        {
            MembershipServiceLog.Joined(_logger, SiloName, LocalSilo, CurrentView.Version);
        }

        await CleanupDefunctAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes this silo's heartbeat (one step of the heartbeat loop). Does nothing before joining, after leaving or
    /// once declared dead.
    /// </summary>
    public async Task WriteHeartbeatAsync(CancellationToken cancellationToken = default)
    {
        if (Phase is not (MembershipPhase.Joined or MembershipPhase.Leaving))
        {
            return;
        }

        await _table.UpdateIAmAliveAsync(LocalSilo, _timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs one probe round (one step of the probe loop): probes this silo's ring neighbours at once, counts misses,
    /// and votes on every neighbour that reached <see cref="MembershipOptions.MissedProbesLimit"/> (declaring it dead
    /// when the vote completes the count). Does nothing unless this silo is an Active member.
    /// </summary>
    public async Task RunProbeRoundAsync(CancellationToken cancellationToken = default)
    {
        if (!IsVoter(CurrentView))
        {
            return;
        }

        await _probeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var targets = SelectProbeTargets(CurrentView);
            var answers = await Task.WhenAll(targets.Select(target => ProbeAsync(target, cancellationToken))).ConfigureAwait(false);
            var missed = new Dictionary<SiloAddress, int>(targets.Count);
            var suspects = new List<(SiloAddress Silo, int Missed)>();
            for (var i = 0; i < targets.Count; i++)
            {
                var count = answers[i] ? 0 : _missedProbes.GetValueOrDefault(targets[i]) + 1;
                missed[targets[i]] = count;
                if (count > 0)
                {
                    MembershipServiceLog.ProbeMissed(_logger, targets[i], count);
                }

                if (count >= _options.MissedProbesLimit)
                {
                    suspects.Add((targets[i], count));
                }
            }

            // Counters of silos no longer probed (dead, or out of the ring) are dropped with the old dictionary.
            _missedProbes = missed;
            foreach (var (silo, count) in suspects)
            {
                await SuspectAsync(silo, count, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _probeGate.Release();
        }
    }

    /// <inheritdoc />
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        var snapshot = await _table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
        await ApplyAsync(MembershipView.FromSnapshot(snapshot), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The first half of a graceful leave: marks this silo ShuttingDown, so placement stops choosing it while the host
    /// deactivates its grains; heartbeats go on and it no longer votes. Idempotent; does nothing unless joined.
    /// </summary>
    public async Task MarkShuttingDownAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _phase, (int)MembershipPhase.Leaving, (int)MembershipPhase.Joined) != (int)MembershipPhase.Joined)
        {
            return;
        }

        await UpdateOwnRowAsync(
            "shut down",
            current => current.Status is SiloStatus.Joining or SiloStatus.Active ? current with { Status = SiloStatus.ShuttingDown } : null,
            cancellationToken).ConfigureAwait(false);
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Leaves the cluster gracefully: ShuttingDown (<see cref="MarkShuttingDownAsync"/>, unless done already), stops the
    /// loops, marks this silo Dead without any suspicion, and removes its grain directory entries. Other silos learn it
    /// at their next refresh. If this silo never joined or was declared dead, only stops the loops.
    /// </summary>
    public async Task ShutdownAsync(CancellationToken cancellationToken = default)
    {
        await MarkShuttingDownAsync(cancellationToken).ConfigureAwait(false);
        await StopLoopsAsync(cancellationToken).ConfigureAwait(false);
        if (Interlocked.CompareExchange(ref _phase, (int)MembershipPhase.Left, (int)MembershipPhase.Leaving) != (int)MembershipPhase.Leaving)
        {
            Interlocked.CompareExchange(ref _phase, (int)MembershipPhase.Left, (int)MembershipPhase.Created);
            return;
        }

        await UpdateOwnRowAsync("leave", current => current with { Status = SiloStatus.Dead }, cancellationToken).ConfigureAwait(false);
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        await CleanUpDirectoryAsync(LocalSilo, cancellationToken).ConfigureAwait(false);
        MembershipServiceLog.Left(_logger, SiloName, LocalSilo);
    }

    /// <inheritdoc />
    public ChannelReader<MembershipChange> Subscribe(CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateUnbounded<MembershipChange>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });
        lock (_subscribersLock)
        {
            if (Phase == MembershipPhase.Disposed)
            {
                channel.Writer.TryComplete();
                return channel.Reader;
            }

            _subscribers = [.. _subscribers, channel];
        }

        if (cancellationToken.CanBeCanceled)
        {
            cancellationToken.Register(static state =>
            {
                var (service, channel) = ((MembershipService, Channel<MembershipChange>))state!;
                service.Unsubscribe(channel);
            }, (this, channel));
        }

        return channel.Reader;
    }

    /// <summary>Stops the loops without touching the table, as if the process died, and completes every subscription.</summary>
    public async ValueTask DisposeAsync()
    {
        var phase = Interlocked.Exchange(ref _phase, (int)MembershipPhase.Disposed);
        if (phase == (int)MembershipPhase.Disposed)
        {
            return;
        }

        CancellationTokenSource? cancellation;
        lock (_loopsLock)
        {
            cancellation = _loopCancellation;
        }

        if (cancellation is not null)
        {
            await cancellation.CancelAsync().ConfigureAwait(false);
        }

        await StopLoopsAsync(CancellationToken.None).ConfigureAwait(false);
        Channel<MembershipChange>[] subscribers;
        lock (_subscribersLock)
        {
            subscribers = _subscribers;
            _subscribers = [];
        }

        foreach (var subscriber in subscribers)
        {
            subscriber.Writer.TryComplete();
        }
    }

    private void StartLoops()
    {
        lock (_loopsLock)
        {
            if (_loopCancellation is not null || Phase is not MembershipPhase.Joined)
            {
                return;
            }

            _loopCancellation = new CancellationTokenSource();
            var token = _loopCancellation.Token;
            var heartbeat = new PeriodicTimer(_options.IAmAlivePeriod, _timeProvider);
            var probe = new PeriodicTimer(_options.ProbePeriod, _timeProvider);
            var refresh = new PeriodicTimer(_options.TableRefreshPeriod, _timeProvider);
            _timers = [heartbeat, probe, refresh];
            _loops =
            [
                RunLoopAsync(heartbeat, "heartbeat", _options.IAmAlivePeriod, WriteHeartbeatAsync, token),
                RunLoopAsync(probe, "probe round", _options.ProbePeriod, RunProbeRoundAsync, token),
                RunLoopAsync(refresh, "table refresh", _options.TableRefreshPeriod, RefreshAndCleanUpAsync, token),
            ];
        }
    }

    // Disposing a PeriodicTimer ends its loop after the step in progress; nothing is canceled mid-write.
    private void StopTimers()
    {
        lock (_loopsLock)
        {
            foreach (var timer in _timers)
            {
                timer.Dispose();
            }
        }
    }

    private async Task StopLoopsAsync(CancellationToken cancellationToken)
    {
        Task[] loops;
        CancellationTokenSource? cancellation;
        lock (_loopsLock)
        {
            foreach (var timer in _timers)
            {
                timer.Dispose();
            }

            loops = _loops;
            cancellation = _loopCancellation;
        }

        try
        {
            await Task.WhenAll(loops).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && cancellation is not null)
        {
            // The caller's patience ran out: abort the steps in progress, then let them unwind.
            await cancellation.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(loops).ConfigureAwait(false);
        }
    }

    private async Task RunLoopAsync(PeriodicTimer timer, string step, TimeSpan period, Func<CancellationToken, Task> run, CancellationToken cancellationToken)
    {
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await run(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    MembershipServiceLog.StepFailed(_logger, exception, step, period);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task RefreshAndCleanUpAsync(CancellationToken cancellationToken)
    {
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        if (_timeProvider.GetUtcNow() - _lastDefunctCleanup >= _options.DefunctSiloCleanupPeriod)
        {
            await CleanupDefunctAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task CleanupDefunctAsync(CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        _lastDefunctCleanup = now;
        try
        {
            await _table.CleanupDefunctEntriesAsync(now - _options.DefunctSiloExpiration, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            MembershipServiceLog.DefunctCleanupFailed(_logger, exception, _options.DefunctSiloCleanupPeriod);
        }
    }

    private async Task<bool> ProbeAsync(SiloAddress target, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.ProbeTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await _prober.ProbeAsync(target, _options.ProbeTimeout, linked.Token).WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            MembershipServiceLog.ProbeThrew(_logger, exception, target);
            return false;
        }
    }

    // The members this silo probes: the next NumProbedSilos after it, in address order, among members not dead.
    private List<SiloAddress> SelectProbeTargets(MembershipView view)
    {
        var ring = view.Entries.Select(static entry => entry.Address).Where(silo => view.StatusOf(silo) != SiloStatus.Dead).ToList();
        var self = ring.IndexOf(LocalSilo);
        var targets = new List<SiloAddress>();
        if (self < 0)
        {
            return targets;
        }

        var count = Math.Min(_options.NumProbedSilos, ring.Count - 1);
        for (var step = 1; step <= count; step++)
        {
            targets.Add(ring[(self + step) % ring.Count]);
        }

        return targets;
    }

    private async Task SuspectAsync(SiloAddress target, int missed, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxWriteAttempts; attempt++)
        {
            // Vote on the table as it is now, not on the view: another silo may have voted or declared since.
            var snapshot = await _table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
            var view = MembershipView.FromSnapshot(snapshot);
            await ApplyAsync(view, cancellationToken).ConfigureAwait(false);
            if (!IsVoter(view) || FindRow(snapshot, target) is not { } row || view.StatusOf(target) == SiloStatus.Dead)
            {
                return;
            }

            var now = _timeProvider.GetUtcNow();
            var votes = row.Entry.Suspicions.Where(vote => vote.Voter != LocalSilo && now - vote.Time < _options.VoteExpiration).ToList();
            var needed = VotesNeeded(view, row.Entry, now);
            var declare = votes.Count + 1 >= needed;
            var ownVote = row.Entry.Suspicions.FirstOrDefault(vote => vote.Voter == LocalSilo);
            if (!declare && ownVote is not null && now - ownVote.Time < _options.VoteExpiration / 2)
            {
                // This silo's vote stands and is not about to expire: writing it again would only bump the version.
                return;
            }

            votes.Add(new SuspectVote(LocalSilo, now));
            var updated = row.Entry with { Status = declare ? SiloStatus.Dead : row.Entry.Status, Suspicions = votes };
            if (await _table.UpdateRowAsync(updated, row.Etag, snapshot.Version, cancellationToken).ConfigureAwait(false))
            {
                if (declare)
                {
                    MembershipServiceLog.DeclaredOtherDead(_logger, target, votes.Count, needed, now - row.Entry.IAmAliveTime);
                    await RefreshAsync(cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    MembershipServiceLog.Voted(_logger, target, missed, votes.Count, needed);
                }

                return;
            }

            MembershipServiceLog.LostRace(_logger, "vote", snapshot.Version);
        }

        MembershipServiceLog.VoteGaveUp(_logger, target, MaxWriteAttempts);
    }

    // VotesForDeathDeclaration, capped at the Active members other than the target whose heartbeats are fresh (so a
    // two-silo cluster needs one vote); one vote for a target whose own heartbeat is stale.
    private int VotesNeeded(MembershipView view, MembershipEntry target, DateTimeOffset now)
    {
        var staleAge = _options.StaleIAmAliveAge;
        if (now - target.IAmAliveTime > staleAge)
        {
            return 1;
        }

        var voters = view.Entries.Count(entry =>
            entry.Address != target.Address && view.StatusOf(entry.Address) == SiloStatus.Active && now - entry.IAmAliveTime <= staleAge);
        return Math.Clamp(voters, 1, _options.VotesForDeathDeclaration);
    }

    private bool IsVoter(MembershipView view) => Phase == MembershipPhase.Joined && view.StatusOf(LocalSilo) == SiloStatus.Active;

    // Changes this silo's own row (status moves); false if it is gone or Dead (declared dead meanwhile).
    private async Task<bool> UpdateOwnRowAsync(string operation, Func<MembershipEntry, MembershipEntry?> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxWriteAttempts; attempt++)
        {
            var snapshot = await _table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
            if (FindRow(snapshot, LocalSilo) is not { } row || row.Entry.Status == SiloStatus.Dead)
            {
                return false;
            }

            if (change(row.Entry) is not { } updated)
            {
                return true;
            }

            if (await _table.UpdateRowAsync(updated, row.Etag, snapshot.Version, cancellationToken).ConfigureAwait(false))
            {
                return true;
            }

            MembershipServiceLog.LostRace(_logger, operation, snapshot.Version);
        }

        throw new InvalidOperationException(
            $"Silo {LocalSilo} could not {operation}: the membership table changed under each of {MaxWriteAttempts} attempts. Retry; if it persists, check the table.");
    }

    private async Task ApplyAsync(MembershipView view, CancellationToken cancellationToken)
    {
        await _viewGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var previous = _view;
            if (view.Version < previous.Version)
            {
                return;
            }

            Volatile.Write(ref _view, view);
            foreach (var change in Diff(previous, view))
            {
                MembershipServiceLog.StatusChanged(_logger, change.Silo, change.Status, change.PreviousStatus);
                Publish(change);
            }

            await CleanUpDirectoryAsync(view, cancellationToken).ConfigureAwait(false);

            if (view.Version >= Interlocked.Read(ref _joinedVersion) && view.StatusOf(LocalSilo) == SiloStatus.Dead)
            {
                OnDeclaredDead(view);
            }
        }
        finally
        {
            _viewGate.Release();
        }
    }

    private void OnDeclaredDead(MembershipView view)
    {
        // Only a member that did not leave by itself is declared dead; Leaving/Left wrote their own Dead.
        var phase = Interlocked.CompareExchange(ref _phase, (int)MembershipPhase.DeclaredDead, (int)MembershipPhase.Joined);
        if (phase != (int)MembershipPhase.Joined
            && Interlocked.CompareExchange(ref _phase, (int)MembershipPhase.DeclaredDead, (int)MembershipPhase.Joining) != (int)MembershipPhase.Joining)
        {
            return;
        }

        StopTimers();
        var status = view.TryGetEntry(LocalSilo, out var entry) ? entry.Status : SiloStatus.Dead;
        MembershipServiceLog.SelfDeclaredDead(_logger, SiloName, LocalSilo, status, view.Version);
        var change = new MembershipChange(LocalSilo, SiloStatus.Dead, null, view);
        Raise(DeclaredDead, change, nameof(DeclaredDead));
    }

    private static IEnumerable<MembershipChange> Diff(MembershipView previous, MembershipView next)
    {
        foreach (var entry in next.Entries)
        {
            var status = next.StatusOf(entry.Address);
            SiloStatus? before = previous.TryGetEntry(entry.Address, out _) ? previous.StatusOf(entry.Address) : null;
            if (before != status)
            {
                yield return new MembershipChange(entry.Address, status, before, next);
            }
        }

        // A row that vanished was deleted as defunct (already dead) or by hand: either way the silo is gone.
        foreach (var entry in previous.Entries)
        {
            if (!next.TryGetEntry(entry.Address, out _) && previous.StatusOf(entry.Address) != SiloStatus.Dead)
            {
                yield return new MembershipChange(entry.Address, SiloStatus.Dead, previous.StatusOf(entry.Address), next);
            }
        }
    }

    private void Publish(MembershipChange change)
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            subscriber.Writer.TryWrite(change);
        }

        Raise(SiloStatusChanged, change, nameof(SiloStatusChanged));
    }

    private void Raise(EventHandler<MembershipChange>? handlers, MembershipChange change, string name)
    {
        if (handlers is null)
        {
            return;
        }

        // Each handler on its own: one that throws must not keep the others from learning of the change.
        foreach (var handler in handlers.GetInvocationList().Cast<EventHandler<MembershipChange>>())
        {
            try
            {
                handler(this, change);
            }
            catch (Exception exception)
            {
                MembershipServiceLog.HandlerFailed(_logger, exception, name);
            }
        }
    }

    // Removes the directory entries of every member the view shows Dead, once each (retried after a failure).
    private async Task CleanUpDirectoryAsync(MembershipView view, CancellationToken cancellationToken)
    {
        if (_directory is null)
        {
            return;
        }

        _directoryCleaned.RemoveWhere(silo => !view.TryGetEntry(silo, out _));
        foreach (var entry in view.Entries)
        {
            if (view.StatusOf(entry.Address) == SiloStatus.Dead && !_directoryCleaned.Contains(entry.Address)
                && await CleanUpDirectoryAsync(entry.Address, cancellationToken).ConfigureAwait(false))
            {
                _directoryCleaned.Add(entry.Address);
            }
        }
    }

    private async Task<bool> CleanUpDirectoryAsync(SiloAddress dead, CancellationToken cancellationToken)
    {
        if (_directory is null)
        {
            return true;
        }

        try
        {
            var removed = await _directory.UnregisterSiloAsync(dead, cancellationToken).ConfigureAwait(false);
            if (removed > 0)
            {
                MembershipServiceLog.DirectoryCleaned(_logger, removed, dead);
            }

            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            MembershipServiceLog.DirectoryCleanupFailed(_logger, exception, dead);
            return false;
        }
    }

    private void Unsubscribe(Channel<MembershipChange> channel)
    {
        lock (_subscribersLock)
        {
            _subscribers = _subscribers.Where(subscriber => subscriber != channel).ToArray();
        }

        channel.Writer.TryComplete();
    }

    private static MembershipRow? FindRow(MembershipSnapshot snapshot, SiloAddress silo) =>
        snapshot.Rows.FirstOrDefault(row => row.Entry.Address == silo);
}
