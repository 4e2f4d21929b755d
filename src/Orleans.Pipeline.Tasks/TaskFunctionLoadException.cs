namespace Orleans.Pipeline.Tasks;

/// <summary>
/// The catalog of task functions cannot be built: two functions share a name, a plugin assembly cannot be loaded, or a
/// class marked <see cref="TaskFunctionAttribute"/> cannot be used. The message names the functions, types and
/// files involved and what to change.
/// </summary>
public sealed class TaskFunctionLoadException : Exception
{
    /// <summary>Creates the exception with a message naming what is wrong and what to do.</summary>
    public TaskFunctionLoadException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public TaskFunctionLoadException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
