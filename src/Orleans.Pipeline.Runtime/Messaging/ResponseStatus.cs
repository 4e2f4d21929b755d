namespace Orleans.Pipeline.Runtime.Messaging;

/// <summary>How a call ended, as its response says.</summary>
internal enum ResponseStatus : uint
{
    /// <summary>The method returned; its result follows.</summary>
    Ok = 0,

    /// <summary>The method (or the runtime on the callee's side) threw; the exception follows.</summary>
    Exception = 1,

    /// <summary>The grain does not live on the silo that got the call; the caller looks it up again and resends.</summary>
    NotHosted = 2,
}
