namespace Orleans.Pipeline.Runtime.Tests.Grains;

public interface ITickerGrain : IGrainWithGuidKey
{
    Task StartAsync(TimeSpan period);

    Task StopAsync();

    /// <summary>(ticks so far, ticks that overlapped a call).</summary>
    Task<(int Ticks, int Overlaps)> GetAsync();

    /// <summary>A call that stays inside the grain across awaits, so a tick arriving meanwhile would overlap it.</summary>
    Task BusyAsync(int yields);
}
