using System.Reflection;
using Orleans.Pipeline.Runtime.Serialization;

namespace Orleans.Pipeline.Runtime.Messaging;

/// <summary>
/// Ships an exception as its type name, message and stack trace, and rebuilds it on the other side with the same
/// type when that type exists here and has a (message, inner) or (message) constructor; otherwise a
/// <see cref="RemoteGrainException"/> that keeps the type's name. Only failure paths pay for the reflection.
/// </summary>
internal static class ExceptionSerializer
{
    public const string RemoteStackTraceKey = "RemoteStackTrace";

    public static void Write(ref Writer writer, Exception exception)
    {
        var type = exception.GetType();
        writer.WriteString($"{type.FullName}, {type.Assembly.GetName().Name}");
        writer.WriteString(exception.Message);
        writer.WriteString(exception.StackTrace ?? "");
    }

    public static Exception Read(ref Reader reader)
    {
        var typeName = reader.ReadString();
        var message = reader.ReadString();
        var stackTrace = reader.ReadString();
        return Rebuild(typeName, message, stackTrace);
    }

    private static Exception Rebuild(string typeName, string message, string stackTrace)
    {
        var shortName = typeName.Split(',')[0];
        try
        {
            var type = Type.GetType(typeName, throwOnError: false);
            if (type is not null && typeof(Exception).IsAssignableFrom(type))
            {
                var exception =
                    Create(type, [typeof(string), typeof(Exception)], [message, null])
                    ?? Create(type, [typeof(string)], [message]);
                if (exception is not null && exception.Message == message)
                {
                    exception.Data[RemoteStackTraceKey] = stackTrace;
                    return exception;
                }
            }
        }
        catch (Exception rebuildFailure) when (rebuildFailure is TargetInvocationException or MemberAccessException or TypeLoadException or FileLoadException or BadImageFormatException)
        {
            // Fall through: keep the message under a type that always exists.
        }

        return new RemoteGrainException(shortName, message, stackTrace);
    }

    private static Exception? Create(Type type, Type[] signature, object?[] arguments) =>
        type.GetConstructor(signature)?.Invoke(arguments) as Exception;
}
