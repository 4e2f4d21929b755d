using Orleans.Pipeline.Runtime.Timers;

namespace Orleans.Pipeline.Runtime.Tests.Grains;

public sealed class TickerGrain : Grain, ITickerGrain
{
    private IGrainTimer? _timer;
    private int _ticks;
    private int _overlaps;
    private bool _inCall;

    public Task StartAsync(TimeSpan period)
    {
        _timer = RegisterGrainTimer(
            async _ =>
            {
                if (_inCall)
                {
                    _overlaps++;
                }

                _ticks++;
                await Task.Yield();
            },
            period,
            period);
        return Task.CompletedTask;
    }

    public Task StopAsync()
    {
        _timer?.Dispose();
        return Task.CompletedTask;
    }

    public Task<(int Ticks, int Overlaps)> GetAsync() => Task.FromResult((_ticks, _overlaps));

    public async Task BusyAsync(int yields)
    {
        _inCall = true;
        for (var i = 0; i < yields; i++)
        {
            await Task.Delay(1);
        }

        _inCall = false;
    }
}
