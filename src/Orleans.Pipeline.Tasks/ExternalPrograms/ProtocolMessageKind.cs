namespace Orleans.Pipeline.Tasks.ExternalPrograms;

/// <summary>The messages a program sends on its standard output (see docs/task-protocol.md).</summary>
internal enum ProtocolMessageKind
{
    Output,
    Heartbeat,
    Log,
    Done,
    Error,
    Fatal,
}
