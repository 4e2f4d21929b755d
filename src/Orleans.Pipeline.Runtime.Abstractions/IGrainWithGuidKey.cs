namespace Orleans.Pipeline.Runtime;

/// <summary>A grain whose key is a <see cref="Guid"/>: <c>grainFactory.GetGrain&lt;T&gt;(key)</c>.</summary>
public interface IGrainWithGuidKey : IGrain;
