namespace Orleans.Pipeline.Runtime;

/// <summary>A grain whose key is a <see cref="string"/>: <c>grainFactory.GetGrain&lt;T&gt;(key)</c>.</summary>
public interface IGrainWithStringKey : IGrain;
