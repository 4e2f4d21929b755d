namespace Orleans.Pipeline.Runtime;

/// <summary>Anything that can be called through a grain reference.</summary>
public interface IAddressable;
