namespace Orleans.Pipeline.Client.Tests.Support;

/// <summary>The tests that share one <see cref="ClientCluster"/>; they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class ClientClusterCollection : ICollectionFixture<ClientCluster>
{
    public const string Name = "client cluster";
}
