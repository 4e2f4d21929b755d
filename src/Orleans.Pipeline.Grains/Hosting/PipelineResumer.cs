using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Pipeline.Jobs;
using Orleans.Pipeline.Runtime;

namespace Orleans.Pipeline.Grains.Hosting;

/// <summary>After the silo started, wakes the jobs that were running when the cluster last stopped, so they resume on their own.</summary>
internal sealed partial class PipelineResumer(IGrainFactory grains, TimeProvider timeProvider, ILogger<PipelineResumer> logger) : IHostedService
{
    private readonly CancellationTokenSource _stopping = new();

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = ResumeAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => _stopping.CancelAsync();

    private async Task ResumeAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= 10 && !cancellationToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await grains.GetGrain<IJobRegistryGrain>(JobRegistryGrain.Key).ResumeRunningAsync().ConfigureAwait(false);
                return;
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                LogResumeFailed(logger, error, attempt);
                await Task.Delay(TimeSpan.FromSeconds(attempt), timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Resuming running jobs failed (attempt {Attempt}); trying again.")]
    private static partial void LogResumeFailed(ILogger logger, Exception exception, int attempt);
}
