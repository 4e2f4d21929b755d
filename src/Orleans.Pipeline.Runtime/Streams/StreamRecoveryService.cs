using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Pipeline.Runtime.Hosting;
using Orleans.Pipeline.Runtime.Membership;

namespace Orleans.Pipeline.Runtime.Streams;

/// <summary>
/// Starts the stream runtime of a silo and, for durable providers, restarts streams whose silo died: every
/// <see cref="StreamProviderOptions.RecoveryPeriod"/> the first active silo lists the queues that hold entries and
/// activates the stream of each one whose owner is dead or released it, which claims the queue and delivers what
/// it holds. Nothing else would: a stream whose producers are done gets no more calls.
/// </summary>
internal sealed partial class StreamRecoveryService(StreamProviderRegistry registry, IServiceProvider services, ILogger<StreamRecoveryService> logger)
    : IHostedService, IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        StreamConsumerExtension.EnsureRegistered();
        var durable = registry.Providers.Where(p => p.Queue is not null).ToArray();
        if (durable.Length > 0)
        {
            _loop = Task.Run(() => RecoverLoopAsync(durable, _stopping.Token), CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
    }

    private async Task RecoverLoopAsync(StreamProviderEntry[] providers, CancellationToken cancellationToken)
    {
        var period = providers.Min(p => p.Options.RecoveryPeriod);
        var clock = registry.TimeProvider;
        try
        {
            while (true)
            {
                await Task.Delay(period, clock, cancellationToken).ConfigureAwait(false);
                foreach (var provider in providers)
                {
                    await RecoverAsync(provider, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>One pass over one provider's queues; failures are logged and the next pass tries again.</summary>
    internal async Task RecoverAsync(StreamProviderEntry provider, CancellationToken cancellationToken)
    {
        var membership = services.GetService<Silo>()?.Membership;
        if (membership is not null && (membership.CurrentView.ActiveSilos is not [var first, ..] || first != membership.LocalSilo))
        {
            return;
        }

        try
        {
            var grains = services.GetRequiredService<IGrainFactory>();
            foreach (var queue in await provider.Queue!.ListPendingAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!IsOrphaned(queue.Owner, membership))
                {
                    continue;
                }

                LogRecovering(logger, queue.QueueId, queue.Owner);
                await grains.GetGrain<IStreamQueueGrain>(GrainId.Create(StreamQueueGrain.GrainTypeName, queue.QueueId)).WakeAsync().ConfigureAwait(false);
            }
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogRecoveryFailed(logger, error, provider.Name);
        }
    }

    private bool IsOrphaned(string owner, IClusterMembership? membership)
    {
        if (owner.Length == 0)
        {
            return true;
        }

        if (membership is null)
        {
            return !registry.IsLocalOwner(owner);
        }

        try
        {
            return membership.CurrentView.StatusOf(SiloAddress.Parse(owner)) == SiloStatus.Dead;
        }
        catch (FormatException)
        {
            return true;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Restarting stream {Queue}: its durable queue holds entries and its owner ({Owner}) is gone.")]
    private static partial void LogRecovering(ILogger logger, string queue, string owner);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recovery of durable stream provider {Provider} failed; the next pass retries.")]
    private static partial void LogRecoveryFailed(ILogger logger, Exception exception, string provider);
}
