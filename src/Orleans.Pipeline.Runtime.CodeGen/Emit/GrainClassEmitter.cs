using Orleans.Pipeline.Runtime.CodeGen.Analysis;
using Orleans.Pipeline.Runtime.CodeGen.Model;

namespace Orleans.Pipeline.Runtime.CodeGen.Emit;

/// <summary>Emits the registration that lets the runtime activate one grain class.</summary>
internal static class GrainClassEmitter
{
    private const string Runtime = "global::Orleans.Pipeline.Runtime";

    public static string Emit(GrainClassModel model)
    {
        var writer = GeneratedFile.Start();
        var arguments = new string[model.ConstructorArguments.Count];
        for (var i = 0; i < arguments.Length; i++)
        {
            var argument = model.ConstructorArguments[i];
            arguments[i] = argument.StateType is null
                ? $"{Runtime}.Manifest.GeneratedCodeHelpers.GetService<{argument.Type}>(context, typeof({model.Type}))"
                : $"context.GetPersistentState<{argument.StateType}>({SymbolFormats.Literal(argument.StateName)}, {SymbolFormats.Literal(argument.StorageName)})";
        }

        var interfaces = new string[model.Interfaces.Count];
        for (var i = 0; i < interfaces.Length; i++)
        {
            interfaces[i] = $"typeof({model.Interfaces[i]})";
        }

        writer.Line(GeneratedFile.GeneratedCodeAttribute);
        writer.Open($"file static class {model.Name}_Registration");
        writer.Line("[global::System.Runtime.CompilerServices.ModuleInitializer]");
        writer.Open("internal static void Register()");
        writer.Line($"{Runtime}.Manifest.GrainTypeManifest.RegisterGrainClass(new {Runtime}.Manifest.GrainClassRegistration(");
        writer.Line($"    typeof({model.Type}),");
        writer.Line($"    {SymbolFormats.Literal(model.GrainType)},");
        if (arguments.Length == 0)
        {
            writer.Line($"    static context => {Runtime}.Grain.Construct(context, static () => new {model.Type}()),");
        }
        else
        {
            writer.Line($"    static context => {Runtime}.Grain.Construct(context, () => new {model.Type}(");
            for (var i = 0; i < arguments.Length; i++)
            {
                writer.Line($"        {arguments[i]}{(i < arguments.Length - 1 ? "," : ")),")}");
            }
        }

        writer.Line($"    {(model.IsReentrant ? "true" : "false")},");
        writer.Line($"    new global::System.Type[] {{ {string.Join(", ", interfaces)} }}));");
        writer.Close();
        writer.Close();
        return writer.ToString();
    }
}
