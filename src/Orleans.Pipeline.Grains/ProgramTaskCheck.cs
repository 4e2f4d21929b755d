using Orleans.Pipeline.Grains.Hosting;
using Orleans.Pipeline.Jobs;
using Orleans.Pipeline.Specs;

namespace Orleans.Pipeline.Grains;

/// <summary>
/// The submission check for stages that run external programs (<see cref="TaskKind.Program"/>): when no live silo
/// allows programs (<c>TaskOptions.AllowExternalPrograms</c>, silo-host <c>--allow-programs</c>), the job is rejected
/// with a problem per such stage, instead of its tasks failing when they run. Jobs without programs ask no broker.
/// </summary>
public static class ProgramTaskCheck
{
    /// <summary>
    /// Runs <paramref name="otherChecks"/> (which throw <see cref="SpecValidationException"/> with their problems) and
    /// this check, and throws one <see cref="SpecValidationException"/> with the problems of both.
    /// </summary>
    public static async Task ThrowIfInvalidAsync(JobSpec spec, NodeDirectory nodes, Func<Task> otherChecks)
    {
        ArgumentNullException.ThrowIfNull(otherChecks);
        var problems = new List<SpecProblem>();
        try
        {
            await otherChecks();
        }
        catch (SpecValidationException rejected) when (rejected.Problems.Count > 0)
        {
            problems.AddRange(rejected.Problems);
        }

        problems.AddRange(await FindProblemsAsync(spec, nodes));
        if (problems.Count > 0)
        {
            throw new SpecValidationException(problems);
        }
    }

    /// <summary>Asks the broker of every live silo whether it allows programs, when <paramref name="spec"/> runs any; see <see cref="Check"/>.</summary>
    public static async Task<IReadOnlyList<SpecProblem>> FindProblemsAsync(JobSpec spec, NodeDirectory nodes)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(nodes);
        if (!spec.Stages.Any(static s => s.Task.Kind == TaskKind.Program))
        {
            return [];
        }

        var live = nodes.LiveNodes();
        var statuses = await Task.WhenAll(live.Select(node => StatusOfAsync(nodes, node)));
        return Check(spec, live, [.. statuses.OfType<BrokerStatus>()]);
    }

    /// <summary>
    /// One problem per stage of <paramref name="spec"/> that runs a program (at <c>stages[k].task.program</c>) when no
    /// broker in <paramref name="answered"/> allows programs; none otherwise. The message lists
    /// <paramref name="liveNodes"/>, and which of them did not answer.
    /// </summary>
    public static IReadOnlyList<SpecProblem> Check(JobSpec spec, IReadOnlyList<string> liveNodes, IReadOnlyList<BrokerStatus> answered)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(liveNodes);
        ArgumentNullException.ThrowIfNull(answered);
        if (answered.Any(static b => b.AllowsPrograms))
        {
            return [];
        }

        var silent = liveNodes.Except(answered.Select(static b => b.Node), StringComparer.Ordinal).ToList();
        var silos = liveNodes.Count == 0
            ? "no silo is live"
            : $"live silos: {string.Join(", ", liveNodes)}" + (silent.Count == 0 ? "" : $"; {string.Join(", ", silent)} did not answer");
        var problems = new List<SpecProblem>();
        for (var k = 0; k < spec.Stages.Count; k++)
        {
            var stage = spec.Stages[k];
            if (stage.Task.Kind == TaskKind.Program)
            {
                problems.Add(new SpecProblem(
                    $"stages[{k}].task.program",
                    $"stage '{stage.Name}' runs the external program '{stage.Task.CommandLine}', but no live silo allows external programs ({silos}); " +
                    "start a silo with --allow-programs (configuration Tasks:AllowExternalPrograms=true), or use a function"));
            }
        }

        return problems;
    }

    /// <summary>The live silos whose brokers allow external programs, in the stable order of <see cref="NodeDirectory.LiveNodes"/>.</summary>
    public static async Task<IReadOnlyList<string>> NodesAllowingProgramsAsync(NodeDirectory nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var live = nodes.LiveNodes();
        var statuses = await Task.WhenAll(live.Select(node => StatusOfAsync(nodes, node)));
        return live.Where((_, i) => statuses[i] is { AllowsPrograms: true }).ToList();
    }

    private static async Task<BrokerStatus?> StatusOfAsync(NodeDirectory nodes, string node)
    {
        try
        {
            return nodes.BrokerOf(node) is { } broker ? await broker.GetStatusAsync() : null;
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // A silo going down cannot run the job's programs either; the message names it as not answering.
            return null;
        }
    }
}
