using Orleans.Pipeline.Runtime.Membership;
using Orleans.Pipeline.Runtime.Messaging;

namespace Orleans.Pipeline.Runtime.Hosting;

/// <summary>Membership probes as pings over the same connections grain calls use, so a probe fails when calls would.</summary>
internal sealed class MessageCenterProber(MessageCenter messages) : ISiloProber
{
    public Task<bool> ProbeAsync(SiloAddress target, TimeSpan timeout, CancellationToken cancellationToken) =>
        messages.PingAsync(target, timeout, cancellationToken);
}
