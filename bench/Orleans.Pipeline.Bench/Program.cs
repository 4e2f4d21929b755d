using Orleans.Pipeline.Bench;

// Usage: dotnet run -c Release --project bench/Orleans.Pipeline.Bench -- runtime|cluster|streams|pipeline|shuffle-timeline [--quick]
var suite = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "runtime";
var quick = args.Contains("--quick");
switch (suite)
{
    case "runtime":
        await RuntimeBenchmarks.RunAsync(Console.Out, quick);
        return 0;
    case "cluster":
        await Orleans.Pipeline.Bench.Cluster.ClusterBenchmarks.RunAsync(Console.Out, quick);
        return 0;
    case "streams":
        await Orleans.Pipeline.Bench.Streams.StreamBenchmarks.RunAsync(Console.Out, quick);
        return 0;
    case "pipeline":
        await Orleans.Pipeline.Bench.Pipeline.PipelineBenchmarks.RunAsync(Console.Out, quick);
        return 0;
    case "shuffle-timeline":
        await Orleans.Pipeline.Bench.Pipeline.ShuffleTimeline.RunAsync(Console.Out, quick ? 3 : 15);
        return 0;
    default:
        await Console.Error.WriteLineAsync($"Unknown benchmark suite '{suite}'. Suites: runtime, cluster, streams, pipeline, shuffle-timeline.");
        return 2;
}
