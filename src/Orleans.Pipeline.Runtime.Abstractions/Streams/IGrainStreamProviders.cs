namespace Orleans.Pipeline.Runtime.Streams;

/// <summary>The silo's stream providers as grain code reaches them; implemented by the runtime, registered in the silo's services.</summary>
internal interface IGrainStreamProviders
{
    /// <summary>Provider <paramref name="name"/> as seen by the activation <paramref name="context"/> (it subscribes and produces as that activation).</summary>
    IStreamProvider GetStreamProvider(string name, IGrainContext context);
}
