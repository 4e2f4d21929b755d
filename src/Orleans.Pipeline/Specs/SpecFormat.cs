namespace Orleans.Pipeline.Specs;

/// <summary>The formats a job file can be written in.</summary>
public enum SpecFormat
{
    /// <summary>JSON; comments and trailing commas are accepted.</summary>
    Json = 0,

    /// <summary>YAML; only the file's first document is read.</summary>
    Yaml = 1,
}
