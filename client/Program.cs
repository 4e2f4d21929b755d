using Orleans.Pipeline.Client;
using Orleans.Pipeline.Client.Output;

// The pipeline console; see 'pipeline --help' and ExitCodes for what scripts can rely on.
return await PipelineConsole.RunAsync(args, ConsoleIO.ForProcess());
