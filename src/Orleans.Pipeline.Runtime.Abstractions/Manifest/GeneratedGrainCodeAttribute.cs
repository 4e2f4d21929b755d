namespace Orleans.Pipeline.Runtime.Manifest;

/// <summary>Emitted by the source generator on assemblies that contain grain code, so a silo can find and load them.</summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class GeneratedGrainCodeAttribute : Attribute;
