using Orleans.Pipeline.Tasks;

namespace Orleans.Pipeline.Grains.Brokers;

/// <summary>An input outside the cluster, read over HTTP(S) as a stream.</summary>
internal sealed class UrlTaskInput(int label, string url, HttpClient http) : TaskInput(label)
{
    public override string Location => url;

    public override async ValueTask<Stream> OpenReadAsync(CancellationToken cancellationToken = default)
    {
        var response = await http.GetAsync(new Uri(url), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStreamAsync(cancellationToken);
    }
}
