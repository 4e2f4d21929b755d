using System.Diagnostics;
using Orleans.Pipeline.ProcessTestGrains;
using Orleans.Pipeline.Runtime.Client;
using Orleans.Pipeline.Runtime.Messaging;

namespace Orleans.Pipeline.SiloHost.Tests.Support;

/// <summary>Grain calls of the process tests.</summary>
internal static class GrainCalls
{
    /// <summary>A client of the cluster through <paramref name="gateways"/>, connected.</summary>
    public static async Task<ClusterClient> ConnectAsync(string clusterId, string secret, params string[] gateways)
    {
        var options = new ClientOptions { ClusterId = clusterId, ClusterSecret = secret, ConnectTimeout = TimeSpan.FromSeconds(30) };
        foreach (var gateway in gateways)
        {
            options.Gateways.Add(gateway);
        }

        var client = new ClusterClient(options);
        try
        {
            await client.ConnectAsync();
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>Touches grains <c>{prefix}{i}</c> for i in [0, count), all at once.</summary>
    public static Task<WhereReport[]> TouchAllAsync(ClusterClient client, string prefix, int count) =>
        Task.WhenAll(Enumerable.Range(0, count).Select(i => client.GetGrain<IWhereGrain>($"{prefix}{i}").TouchAsync()));

    /// <summary>
    /// Touches grains <c>{prefix}{i}</c> until each answers, retrying a call that failed because its silo was
    /// unreachable (while the cluster learns that a silo left); other failures and the deadline fail the test.
    /// Returns each grain's answer and how many of its attempts failed.
    /// </summary>
    public static async Task<(WhereReport[] Reports, int[] Failures)> TouchAllUntilAnsweredAsync(ClusterClient client, string prefix, int count, TimeSpan timeout)
    {
        var failures = new int[count];
        var clock = Stopwatch.StartNew();
        var reports = await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            var grain = client.GetGrain<IWhereGrain>($"{prefix}{i}");
            while (true)
            {
                try
                {
                    return await grain.TouchAsync();
                }
                catch (Exception error) when (error is SiloUnavailableException or TimeoutException && clock.Elapsed < timeout)
                {
                    failures[i]++;
                    await Task.Delay(TimeSpan.FromMilliseconds(100));
                }
            }
        }));
        return (reports, failures);
    }
}
