using System.Collections.Generic;
using Orleans.Pipeline.Runtime.CodeGen.Analysis;
using Orleans.Pipeline.Runtime.CodeGen.Model;

namespace Orleans.Pipeline.Runtime.CodeGen.Emit;

/// <summary>Emits the codec of one [GenerateSerializer] type and its registration.</summary>
internal static class SerializerEmitter
{
    private const string Serialization = "global::Orleans.Pipeline.Runtime.Serialization";

    public static string Emit(SerializableTypeModel model)
    {
        var writer = GeneratedFile.Start();
        var typeParameters = model.TypeParameters.IsEmpty ? string.Empty : "<" + string.Join(", ", model.TypeParameters) + ">";
        writer.Line(GeneratedFile.GeneratedCodeAttribute);
        writer.Open($"file sealed class {model.CodecName}{typeParameters} : {Serialization}.IFieldCodec<{model.Type}>");
        EmitWrite(writer, model);
        writer.Line();
        EmitRead(writer, model);
        writer.Close();
        writer.Line();

        writer.Line(GeneratedFile.GeneratedCodeAttribute);
        writer.Open($"file static class {model.CodecName}_Registration");
        writer.Line("[global::System.Runtime.CompilerServices.ModuleInitializer]");
        writer.Open("internal static void Register()");
        if (model.OpenType is null)
        {
            writer.Line($"{Serialization}.Codec<{model.Type}>.Register(new {model.CodecName}());");
        }
        else
        {
            var commas = new string(',', model.TypeParameters.Count - 1);
            writer.Line($"{Serialization}.CodecRegistry.RegisterGeneric(typeof({model.OpenType}), typeof({model.CodecName}<{commas}>));");
        }

        writer.Close();
        writer.Close();
        return writer.ToString();
    }

    private static void EmitWrite(CodeWriter writer, SerializableTypeModel model)
    {
        writer.Open($"public void WriteField(ref {Serialization}.Writer writer, uint fieldId, {model.Type} value)");
        if (!model.IsValueType)
        {
            writer.Open("if (value is null)");
            writer.Line("writer.WriteNull(fieldId);");
            writer.Line("return;");
            writer.Close();
            writer.Line();
        }

        if (model.IsAbstract)
        {
            writer.Line($"{Serialization}.GeneratedCodecHelpers.ThrowSubtypeNotSupported(typeof({model.Type}), value.GetType());");
            writer.Close();
            return;
        }

        if (!model.IsSealed)
        {
            writer.Open($"if (value.GetType() != typeof({model.Type}))");
            writer.Line($"{Serialization}.GeneratedCodecHelpers.ThrowSubtypeNotSupported(typeof({model.Type}), value.GetType());");
            writer.Close();
            writer.Line();
        }

        writer.Line("writer.WriteStartObject(fieldId);");
        foreach (var member in model.Members)
        {
            writer.Line($"{Serialization}.Codec<{member.Type}>.WriteField(ref writer, {member.Id}u, value.{member.Name});");
        }

        writer.Line("writer.WriteEndObject();");
        writer.Close();
    }

    private static void EmitRead(CodeWriter writer, SerializableTypeModel model)
    {
        writer.Open($"public {model.Type} ReadValue(ref {Serialization}.Reader reader, {Serialization}.WireType wireType)");
        if (!model.IsValueType)
        {
            writer.Open($"if (wireType == {Serialization}.WireType.Null)");
            writer.Line("return null!;");
            writer.Close();
            writer.Line();
        }

        if (model.IsAbstract)
        {
            writer.Line($"throw new global::System.NotSupportedException({SymbolFormats.Literal("Cannot deserialize an instance of abstract type " + model.Type.Replace("global::", string.Empty) + ": the serializer does not support polymorphism; declare the field with the concrete type.")});");
            writer.Close();
            return;
        }

        writer.Line($"reader.EnterObject(wireType, typeof({model.Type}));");
        for (var i = 0; i < model.Members.Count; i++)
        {
            var member = model.Members[i];
            writer.Line($"{member.Type} m{i} = default!;");
            if (member.Assignment == MemberAssignment.Settable)
            {
                writer.Line($"var h{i} = false;");
            }
        }

        writer.Open("while (reader.ReadNextField(out var id, out var fieldWireType))");
        if (model.Members.Count == 0)
        {
            writer.Line("reader.SkipValue(fieldWireType);");
        }
        else
        {
            writer.Open("switch (id)");
            for (var i = 0; i < model.Members.Count; i++)
            {
                var member = model.Members[i];
                writer.Line($"case {member.Id}u:");
                writer.Line($"    m{i} = {Serialization}.Codec<{member.Type}>.ReadValue(ref reader, fieldWireType);");
                if (member.Assignment == MemberAssignment.Settable)
                {
                    writer.Line($"    h{i} = true;");
                }

                writer.Line("    break;");
            }

            writer.Line("default:");
            writer.Line("    reader.SkipValue(fieldWireType);");
            writer.Line("    break;");
            writer.Close();
        }

        writer.Close();
        writer.Line();

        var arguments = new List<string>();
        foreach (var index in model.ConstructorArguments)
        {
            arguments.Add(index >= 0 ? "m" + index : "default!");
        }

        var initializers = new List<string>();
        for (var i = 0; i < model.Members.Count; i++)
        {
            if (model.Members[i].Assignment == MemberAssignment.Initializer)
            {
                initializers.Add($"{model.Members[i].Name} = m{i}");
            }
        }

        var construction = $"new {model.Type}({string.Join(", ", arguments)})";
        if (initializers.Count > 0)
        {
            construction += " { " + string.Join(", ", initializers) + " }";
        }

        writer.Line($"var result = {construction};");
        for (var i = 0; i < model.Members.Count; i++)
        {
            if (model.Members[i].Assignment == MemberAssignment.Settable)
            {
                writer.Open($"if (h{i})");
                writer.Line($"result.{model.Members[i].Name} = m{i};");
                writer.Close();
            }
        }

        writer.Line("return result;");
        writer.Close();
    }
}
