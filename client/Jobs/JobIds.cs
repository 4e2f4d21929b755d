using System.Globalization;
using System.Security.Cryptography;

namespace Orleans.Pipeline.Client.Jobs;

/// <summary>Job ids: given with <c>--id</c>, or made from the job's name, the time and a random suffix.</summary>
internal static class JobIds
{
    /// <summary>The longest id accepted: 200 characters.</summary>
    public const int MaxLength = 200;

    /// <summary><c>wordcount-20250131-120000-3f9a</c>.</summary>
    public static string Create(string jobName, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        var stamp = time.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        return $"{jobName}-{stamp}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2))}";
    }

    /// <summary>Letters, digits, '.', '_' and '-', so an id is safe in a file name and a shell.</summary>
    public static void Check(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (id.Length == 0 || id.Length > MaxLength || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
        {
            throw new CommandException(ExitCodes.BadInput, $"'{id}' is not a job id: use 1 to {MaxLength} letters, digits, '.', '_' and '-'.");
        }
    }
}
