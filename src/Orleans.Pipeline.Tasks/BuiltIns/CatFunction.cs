using Orleans.Pipeline.Tasks.IO;

namespace Orleans.Pipeline.Tasks.BuiltIns;

/// <summary>
/// <c>cat</c>: concatenates all inputs, byte for byte, in the order they arrive, into the output labeled 0 (created
/// even when there is no input).
/// </summary>
[TaskFunction(Name)]
public sealed class CatFunction : ITaskFunction
{
    /// <summary>The function's name: <c>cat</c>.</summary>
    public const string Name = "cat";

    /// <inheritdoc />
    public async Task RunAsync(TaskContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var target = context.Outputs.OpenWrite(0);
        await using (target.ConfigureAwait(false))
        {
            await foreach (var input in context.Inputs.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                var source = await input.OpenReadAsync(cancellationToken).ConfigureAwait(false);
                await using (source.ConfigureAwait(false))
                {
                    await source.CopyToAsync(target, Buffers.CopyBufferSize, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }
}
