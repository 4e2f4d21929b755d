namespace Orleans.Pipeline.Runtime.Messaging;

/// <summary>Routing facts a request carries.</summary>
[Flags]
internal enum RequestFlags : uint
{
    None = 0,

    /// <summary>The sender's placement chose the receiving silo: it registers and activates the grain there.</summary>
    PlacedHere = 1,
}
