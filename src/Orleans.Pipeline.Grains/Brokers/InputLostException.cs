namespace Orleans.Pipeline.Grains.Brokers;

/// <summary>
/// A task's input could not be read because the silo holding it is gone. Not the task's fault: the attempt is not
/// counted as a failure, and the task waits until its producer has made the input again.
/// </summary>
public sealed class InputLostException : Exception
{
    public InputLostException()
        : base("An input is on no live silo.")
    {
    }

    public InputLostException(string message)
        : base(message)
    {
    }

    public InputLostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Whether <paramref name="error"/> (or what caused it) is a lost input: this exception, or a silo that could not be reached.</summary>
    public static bool IsInputLost(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is InputLostException or Runtime.Messaging.SiloUnavailableException)
            {
                return true;
            }
        }

        return false;
    }
}
