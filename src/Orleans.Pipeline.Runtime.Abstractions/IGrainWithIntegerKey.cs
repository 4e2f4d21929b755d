namespace Orleans.Pipeline.Runtime;

/// <summary>A grain whose key is a <see cref="long"/>: <c>grainFactory.GetGrain&lt;T&gt;(key)</c>.</summary>
public interface IGrainWithIntegerKey : IGrain;
