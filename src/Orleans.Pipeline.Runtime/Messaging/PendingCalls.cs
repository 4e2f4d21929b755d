using System.Collections.Concurrent;
using Orleans.Pipeline.Runtime.Invocation;
using Orleans.Pipeline.Runtime.Networking;
using Orleans.Pipeline.Runtime.Serialization;

namespace Orleans.Pipeline.Runtime.Messaging;

/// <summary>
/// Calls awaiting an answer from another process, by correlation id. Each leaves exactly once: answered, overdue,
/// or failed with its connection; whoever removes it completes it.
/// </summary>
internal sealed class PendingCalls(TimeProvider timeProvider, TimeSpan responseTimeout)
{
    private readonly ConcurrentDictionary<long, PendingCall> _calls = new();
    private long _nextId;

    public int Count => _calls.Count;

    public PendingCall Add(GrainId target, Request request, RequestFlags flags, int hops)
    {
        var call = new PendingCall(this, Interlocked.Increment(ref _nextId), target, request, flags, hops);
        _calls[call.CorrelationId] = call;
        return call;
    }

    public bool TryRemove(long correlationId, out PendingCall call) => _calls.TryRemove(correlationId, out call!);

    public void Fail(long correlationId, Exception exception)
    {
        if (_calls.TryRemove(correlationId, out var call))
        {
            call.Request.TryFail(exception);
        }
    }

    /// <summary>Fails every call sent on <paramref name="connection"/>: their answers can no longer arrive.</summary>
    public void FailAll(Connection connection, Func<PendingCall, Exception> exception)
    {
        foreach (var (id, call) in _calls)
        {
            if (ReferenceEquals(call.Connection, connection) && _calls.TryRemove(id, out _))
            {
                call.Request.TryFail(exception(call));
            }
        }
    }

    /// <summary>Fails every call sent to <paramref name="silo"/>, which was declared dead.</summary>
    public void FailAll(Membership.SiloAddress silo, Func<PendingCall, Exception> exception)
    {
        foreach (var (id, call) in _calls)
        {
            if (call.Silo == silo && _calls.TryRemove(id, out _))
            {
                call.Request.TryFail(exception(call));
            }
        }
    }

    /// <summary>
    /// Completes the call a response (already past its kind field) answers. A late response, for a call that was
    /// already failed, is dropped. <paramref name="onNotHosted"/> gets calls whose target lives elsewhere.
    /// </summary>
    public void HandleResponse(ref Reader reader, Action<PendingCall> onNotHosted)
    {
        var correlationId = (long)reader.ReadVarUInt64();
        var status = (ResponseStatus)reader.ReadVarUInt32();
        if (!_calls.TryRemove(correlationId, out var call))
        {
            return;
        }

        try
        {
            switch (status)
            {
                case ResponseStatus.Ok:
                    call.Request.ReadResult(ref reader);
                    call.Request.Complete();
                    break;
                case ResponseStatus.Exception:
                    call.Request.TryFail(ExceptionSerializer.Read(ref reader));
                    break;
                case ResponseStatus.NotHosted:
                    onNotHosted(call);
                    break;
                default:
                    call.Request.TryFail(new WireFormatException($"Unknown response status {(uint)status} for {call.Request.MethodName}."));
                    break;
            }
        }
        catch (WireFormatException error)
        {
            call.Request.TryFail(error);
        }
    }

    /// <summary>Fails calls whose deadline passed.</summary>
    public void Sweep()
    {
        var now = timeProvider.GetTimestamp();
        foreach (var (id, call) in _calls)
        {
            if (call.Request.DeadlineTimestamp < now && _calls.TryRemove(id, out _))
            {
                call.Request.TryFail(new TimeoutException(
                    $"{call.Request.MethodName} on grain {call.Target} did not answer within {responseTimeout}."));
            }
        }
    }
}
