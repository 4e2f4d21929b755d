using System.Buffers;
using Orleans.Pipeline.Runtime.Invocation;
using Orleans.Pipeline.Runtime.Networking;
using Orleans.Pipeline.Runtime.Serialization;

namespace Orleans.Pipeline.Runtime.Messaging;

/// <summary>The answer to a <see cref="RequestMessage"/>: kind, correlation id, status, then the result or the exception.</summary>
internal sealed class ResponseMessage : IOutgoingMessage
{
    private readonly long _correlationId;
    private readonly Request? _request;
    private readonly Exception? _exception;
    private readonly ResponseStatus _status;

    private ResponseMessage(long correlationId, ResponseStatus status, Request? request, Exception? exception)
    {
        _correlationId = correlationId;
        _status = status;
        _request = request;
        _exception = exception;
    }

    /// <summary>The outcome of a completed <paramref name="request"/>.</summary>
    public static ResponseMessage For(long correlationId, Request request)
    {
        var completed = request.WhenCompleted;
        return completed.IsCompletedSuccessfully
            ? new ResponseMessage(correlationId, ResponseStatus.Ok, request, null)
            : new ResponseMessage(correlationId, ResponseStatus.Exception, null, Unwrap(completed));
    }

    public static ResponseMessage Failure(long correlationId, Exception exception) => new(correlationId, ResponseStatus.Exception, null, exception);

    public static ResponseMessage NotHosted(long correlationId) => new(correlationId, ResponseStatus.NotHosted, null, null);

    public void WriteTo(IBufferWriter<byte> output)
    {
        var writer = new Writer(output);
        writer.WriteVarUInt32((uint)MessageKind.Response);
        writer.WriteVarUInt64((ulong)_correlationId);
        writer.WriteVarUInt32((uint)_status);
        if (_status == ResponseStatus.Ok)
        {
            _request!.WriteResult(ref writer);
        }
        else if (_status == ResponseStatus.Exception)
        {
            ExceptionSerializer.Write(ref writer, _exception!);
        }
    }

    public void OnSendFailed(Exception error)
    {
        // The caller learns of it through its own deadline or the connection's loss; nothing else to do here.
    }

    private static Exception Unwrap(Task completed) =>
        completed.Exception?.InnerException ?? new TaskCanceledException(completed);
}
