namespace Orleans.Pipeline.SiloHost.Clustering;

/// <summary>Where the silo's cluster secret came from.</summary>
public enum ClusterSecretOrigin
{
    /// <summary>Given as a value: <c>--secret</c>, <c>Cluster:ClusterSecret</c> or <c>PIPELINE_Cluster__ClusterSecret</c>.</summary>
    Configured,

    /// <summary>Read from the file named by <c>--secret-file</c> (<c>Cluster:ClusterSecretFile</c>).</summary>
    File,

    /// <summary>Read from <c>{DataDirectory}/cluster.secret</c>, which an earlier start generated.</summary>
    DataDirectory,

    /// <summary>Generated now into <c>{DataDirectory}/cluster.secret</c>.</summary>
    Generated,
}
