namespace Orleans.Pipeline.Client.Tests.Support;

/// <summary>A <see cref="ClientCluster"/> whose silos do not allow external programs (the silos' default).</summary>
public sealed class ClientClusterWithoutPrograms() : ClientCluster(allowPrograms: false);
