using Orleans.Pipeline.Tasks.IO;

namespace Orleans.Pipeline.Tasks.BuiltIns;

/// <summary>
/// <c>identity</c>: copies each input, byte for byte, to the output with the input's label; inputs sharing a label are
/// appended in the order they arrive.
/// </summary>
[TaskFunction(Name)]
public sealed class IdentityFunction : ITaskFunction
{
    /// <summary>The function's name: <c>identity</c>.</summary>
    public const string Name = "identity";

    /// <inheritdoc />
    public async Task RunAsync(TaskContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        await foreach (var input in context.Inputs.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            var source = await input.OpenReadAsync(cancellationToken).ConfigureAwait(false);
            await using (source.ConfigureAwait(false))
            {
                var target = context.Outputs.OpenWrite(input.Label);
                await using (target.ConfigureAwait(false))
                {
                    await source.CopyToAsync(target, Buffers.CopyBufferSize, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }
}
