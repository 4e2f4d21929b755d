using Orleans.Pipeline.Runtime.CodeGen.Analysis;
using Orleans.Pipeline.Runtime.CodeGen.Model;

namespace Orleans.Pipeline.Runtime.CodeGen.Emit;

/// <summary>Emits, for one grain interface, a request class per method, the proxy and their registration.</summary>
internal static class GrainInterfaceEmitter
{
    private const string Runtime = "global::Orleans.Pipeline.Runtime";
    private const string Serialization = Runtime + ".Serialization";

    public static string Emit(GrainInterfaceModel model)
    {
        var writer = GeneratedFile.Start();
        var proxy = model.Name + "_Proxy";
        for (var i = 0; i < model.Methods.Count; i++)
        {
            EmitRequest(writer, model.Methods[i], RequestName(model.Methods[i], i));
            writer.Line();
        }

        EmitProxy(writer, model, proxy);
        writer.Line();
        EmitRegistration(writer, model, proxy);
        return writer.ToString();
    }

    private static string RequestName(GrainMethodModel method, int index) => method.Name + "_Request" + index;

    private static void EmitRequest(CodeWriter writer, GrainMethodModel method, string name)
    {
        writer.Line(GeneratedFile.GeneratedCodeAttribute);
        writer.Open($"file sealed class {name} : {Runtime}.Invocation.Request<{method.ResultType}>");
        for (var i = 0; i < method.Parameters.Count; i++)
        {
            writer.Line($"public {method.Parameters[i].Type} Arg{i} = default!;");
        }

        if (method.Parameters.Count > 0)
        {
            writer.Line();
        }

        writer.Line($"public override string MethodId => {SymbolFormats.Literal(method.MethodId)};");
        writer.Line();
        writer.Line($"public override string MethodName => {SymbolFormats.Literal(method.MethodName)};");
        writer.Line();
        if (method.AlwaysInterleave)
        {
            writer.Line("public override bool AlwaysInterleave => true;");
            writer.Line();
        }

        var call = $"(({method.Interface})grain).{method.Name}({Arguments(method)})";
        writer.Open($"protected override global::System.Threading.Tasks.ValueTask<{method.ResultType}> InvokeCore(object grain)");
        writer.Line(method.Kind switch
        {
            ReturnKind.TaskOfT => $"return new global::System.Threading.Tasks.ValueTask<{method.ResultType}>({call});",
            ReturnKind.ValueTaskOfT => $"return {call};",
            _ => $"return AsVoid({call});",
        });
        writer.Close();
        writer.Line();

        writer.Open($"public override void WriteArguments(ref {Serialization}.Writer writer)");
        writer.Line("writer.WriteStartObject(0);");
        for (var i = 0; i < method.Parameters.Count; i++)
        {
            writer.Line($"{Serialization}.Codec<{method.Parameters[i].Type}>.WriteField(ref writer, {i}u, Arg{i});");
        }

        writer.Line("writer.WriteEndObject();");
        writer.Close();
        writer.Line();

        writer.Open($"public override void ReadArguments(ref {Serialization}.Reader reader)");
        writer.Line($"reader.ReadStartObject(typeof({Runtime}.Invocation.Request));");
        writer.Open("while (reader.ReadNextField(out var fieldId, out var wireType))");
        if (method.Parameters.Count == 0)
        {
            writer.Line("reader.SkipValue(wireType);");
        }
        else
        {
            writer.Open("switch (fieldId)");
            for (var i = 0; i < method.Parameters.Count; i++)
            {
                writer.Line($"case {i}u:");
                writer.Line($"    Arg{i} = {Serialization}.Codec<{method.Parameters[i].Type}>.ReadValue(ref reader, wireType);");
                writer.Line("    break;");
            }

            writer.Line("default:");
            writer.Line("    reader.SkipValue(wireType);");
            writer.Line("    break;");
            writer.Close();
        }

        writer.Close();
        writer.Close();
        writer.Close();
    }

    private static string Arguments(GrainMethodModel method)
    {
        var arguments = new string[method.Parameters.Count];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = "Arg" + i;
        }

        return string.Join(", ", arguments);
    }

    private static void EmitProxy(CodeWriter writer, GrainInterfaceModel model, string proxy)
    {
        writer.Line(GeneratedFile.GeneratedCodeAttribute);
        writer.Open($"file sealed class {proxy} : {Runtime}.GrainReference, {model.Type}");
        writer.Line($"public {proxy}({Runtime}.GrainId grainId, {Runtime}.IGrainCallInvoker invoker)");
        writer.Line("    : base(grainId, invoker)");
        writer.Line("{");
        writer.Line("}");
        writer.Line();
        writer.Line($"public override global::System.Type InterfaceType => typeof({model.Type});");
        for (var i = 0; i < model.Methods.Count; i++)
        {
            var method = model.Methods[i];
            var parameters = new string[method.Parameters.Count];
            for (var p = 0; p < parameters.Length; p++)
            {
                parameters[p] = method.Parameters[p].Type + " " + method.Parameters[p].Name;
            }

            writer.Line();
            writer.Open($"{method.ReturnType} {method.Interface}.{method.Name}({string.Join(", ", parameters)})");
            writer.Line($"var request__ = new {RequestName(method, i)}();");
            for (var p = 0; p < parameters.Length; p++)
            {
                writer.Line($"request__.Arg{p} = {method.Parameters[p].Name};");
            }

            writer.Line(method.Kind switch
            {
                ReturnKind.ValueTaskOfT => $"return new {method.ReturnType}(InvokeAsync(request__));",
                ReturnKind.ValueTask => "return new global::System.Threading.Tasks.ValueTask(InvokeAsync(request__));",
                _ => "return InvokeAsync(request__);",
            });
            writer.Close();
        }

        writer.Close();
    }

    private static void EmitRegistration(CodeWriter writer, GrainInterfaceModel model, string proxy)
    {
        writer.Line(GeneratedFile.GeneratedCodeAttribute);
        writer.Open($"file static class {model.Name}_Registration");
        writer.Line("[global::System.Runtime.CompilerServices.ModuleInitializer]");
        writer.Open("internal static void Register()");
        writer.Line($"{Runtime}.Manifest.GrainTypeManifest.RegisterInterface(new {Runtime}.Manifest.GrainInterfaceRegistration(");
        writer.Line($"    typeof({model.Type}),");
        writer.Line($"    static (grainId, invoker) => new {proxy}(grainId, invoker),");
        writer.Line($"    new global::System.Collections.Generic.Dictionary<string, global::System.Func<{Runtime}.Invocation.Request>>(global::System.StringComparer.Ordinal)");
        writer.Line("    {");
        for (var i = 0; i < model.Methods.Count; i++)
        {
            writer.Line($"        [{SymbolFormats.Literal(model.Methods[i].MethodId)}] = static () => new {RequestName(model.Methods[i], i)}(),");
        }

        writer.Line("    }));");
        writer.Line($"{Serialization}.Codec<{model.Type}>.Register(new {Serialization}.GrainReferenceCodec<{model.Type}>());");
        writer.Close();
        writer.Close();
    }
}
