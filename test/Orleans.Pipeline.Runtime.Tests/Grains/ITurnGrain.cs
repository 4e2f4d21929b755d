namespace Orleans.Pipeline.Runtime.Tests.Grains;

/// <summary>Detects turns that overlap: each call marks itself inside, yields, and checks nobody else came in.</summary>
public interface ITurnGrain : IGrainWithStringKey
{
    /// <summary>Enters, awaits <paramref name="yields"/> times (a real delay or a yield), leaves; returns the call's sequence number.</summary>
    Task<int> EnterAsync(int yields, bool delay);

    /// <summary>(overlapping calls seen, most calls inside at once, most threads running grain code at once).</summary>
    Task<TurnStats> GetStatsAsync();

    /// <summary>Waits until <see cref="ReleaseAsync"/> is called (only possible if the grain interleaves).</summary>
    Task<string> WaitForReleaseAsync();

    Task ReleaseAsync(string value);

    /// <summary>Like <see cref="WaitForReleaseAsync"/>, but marked to interleave: it must not hold up other calls while it waits.</summary>
    [AlwaysInterleave]
    Task<string> WaitInterleavedAsync();
}
