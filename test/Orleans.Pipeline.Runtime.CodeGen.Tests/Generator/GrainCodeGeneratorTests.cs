using Microsoft.CodeAnalysis;
using Orleans.Pipeline.Runtime.CodeGen.Tests.Support;

namespace Orleans.Pipeline.Runtime.CodeGen.Tests.Generator;

public sealed class GrainCodeGeneratorTests
{
    private const string Usings = """
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Orleans.Pipeline.Runtime;
        using Orleans.Pipeline.Runtime.Persistence;

        namespace Sample;

        """;

    [Fact]
    public void Generate_MethodReturningInt_ReportsOpg001AtTheMethod()
    {
        var source = Usings + """
            public interface IFoo : IGrainWithStringKey
            {
                int Bar();
            }
            """;
        var run = GeneratorHarness.Run(source);

        var diagnostic = run.Single("OPG001");
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(
            "Grain interface method 'IFoo.Bar' returns 'int'; grain methods must return Task, Task<T>, ValueTask or ValueTask<T>.",
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("Bar", run.LocatedText(diagnostic));
        var expectedLine = Array.FindIndex(source.Split('\n'), line => line.Contains("int Bar();", StringComparison.Ordinal));
        Assert.Equal(expectedLine, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Equal("Snippet.cs", diagnostic.Location.GetLineSpan().Path);
        Assert.DoesNotContain(run.GeneratedSources, s => s.HintName.StartsWith("GrainInterface", StringComparison.Ordinal));
    }

    [Fact]
    public void Generate_RefParameter_ReportsOpg002NamingParameterAndMethod()
    {
        var run = GeneratorHarness.Run(Usings + """
            public interface IFoo : IGrainWithStringKey
            {
                Task Bar(ref int count);
            }
            """);

        var diagnostic = run.Single("OPG002");
        var message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("Parameter 'count' of grain interface method 'IFoo.Bar' is declared 'ref'", message, StringComparison.Ordinal);
        Assert.Equal("count", run.LocatedText(diagnostic));
    }

    [Fact]
    public void Generate_NonSerializableParameter_ReportsOpg003NamingTheType()
    {
        var run = GeneratorHarness.Run(Usings + """
            public sealed class Payload { public int Value { get; set; } }

            public interface IFoo : IGrainWithStringKey
            {
                Task Bar(List<Payload> items);
            }
            """);

        var diagnostic = run.Single("OPG003");
        Assert.Equal(
            "Parameter 'items' of grain interface method 'IFoo.Bar' has type 'List<Payload>', which cannot be serialized: 'Payload' is not a supported built-in type, collection, enum, grain interface or [GenerateSerializer] type. Mark 'Payload' with [GenerateSerializer] or use a supported type.",
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("items", run.LocatedText(diagnostic));
    }

    [Fact]
    public void Generate_NonSerializableReturnType_ReportsOpg003()
    {
        var run = GeneratorHarness.Run(Usings + """
            public interface IFoo : IGrainWithStringKey
            {
                Task<object> Bar();
            }
            """);

        var diagnostic = run.Single("OPG003");
        Assert.StartsWith("The return type of grain interface method 'IFoo.Bar' has type 'object'", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_DuplicateId_ReportsOpg004AtTheSecondMember()
    {
        var run = GeneratorHarness.Run(Usings + """
            [GenerateSerializer]
            public sealed class Order
            {
                [Id(0)] public string Name { get; set; } = "";
                [Id(0)] public int Quantity { get; set; }
            }
            """);

        var diagnostic = run.Single("OPG004");
        Assert.Equal(
            "Member 'Quantity' of 'Order' has [Id(0)], which member 'Name' already has; each serialized member (including inherited ones) needs its own id.",
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("Quantity", run.LocatedText(diagnostic));
    }

    [Fact]
    public void Generate_DuplicateIdAcrossBaseClass_ReportsOpg004()
    {
        var run = GeneratorHarness.Run(Usings + """
            [GenerateSerializer]
            public class Animal { [Id(0)] public string Name { get; set; } = ""; }

            [GenerateSerializer]
            public sealed class Dog : Animal { [Id(0)] public string Breed { get; set; } = ""; }
            """);

        Assert.Contains("Member 'Breed' of 'Dog' has [Id(0)], which member 'Name' already has", run.Single("OPG004").GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_SerializableMemberOfUnsupportedType_ReportsOpg005()
    {
        var run = GeneratorHarness.Run(Usings + """
            [GenerateSerializer]
            public sealed class Holder { [Id(0)] public System.IO.Stream? Data { get; set; } }
            """);

        var diagnostic = run.Single("OPG005");
        Assert.Contains("Member 'Data' of 'Holder' has type 'Stream?'", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Equal("Data", run.LocatedText(diagnostic));
    }

    [Fact]
    public void Generate_InterfaceWithProperty_ReportsOpg006()
    {
        var run = GeneratorHarness.Run(Usings + """
            public interface IFoo : IGrainWithStringKey
            {
                string Name { get; }
            }
            """);

        var diagnostic = run.Single("OPG006");
        Assert.Equal(
            "Grain interface 'IFoo' declares property 'Name'; grain interfaces may only declare methods that return Task, Task<T>, ValueTask or ValueTask<T>.",
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Generate_GenericMethod_ReportsOpg007()
    {
        var run = GeneratorHarness.Run(Usings + """
            public interface IFoo : IGrainWithStringKey
            {
                Task<T> Bar<T>(T value);
            }
            """);

        Assert.Equal("Grain method 'IFoo.Bar' is generic; generic grain interfaces, grain methods and grain classes are not supported.", run.Single("OPG007").GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Generate_PrivateSerializedField_ReportsOpg008()
    {
        var run = GeneratorHarness.Run(Usings + """
            [GenerateSerializer]
            public sealed class Secret { [Id(0)] private int _value; public int Value => _value; }
            """);

        Assert.Contains("Member '_value' of 'Secret' cannot be serialized: it is not public or internal", run.Single("OPG008").GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_PersistentStateParameterOfWrongType_ReportsOpg011()
    {
        var run = GeneratorHarness.Run(Usings + """
            public interface IFoo : IGrainWithStringKey { Task Bar(); }

            public sealed class FooGrain([PersistentState("state")] string state) : Grain, IFoo
            {
                public Task Bar() => Task.CompletedTask;
                public override string ToString() => state;
            }
            """);

        Assert.Contains("Parameter 'state' of the constructor of grain class 'FooGrain' is marked [PersistentState] but has type 'string'", run.Single("OPG011").GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_GenericGrainInterface_ReportsOpg007()
    {
        var run = GeneratorHarness.Run(Usings + """
            public interface IStore<T> : IGrainWithStringKey
            {
                Task<int> CountAsync();
            }
            """);

        Assert.Equal("Grain interface 'IStore<T>' is generic; generic grain interfaces, grain methods and grain classes are not supported.", run.Single("OPG007").GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Generate_PrivateNestedSerializableType_ReportsOpg009()
    {
        var run = GeneratorHarness.Run(Usings + """
            public static class Outer
            {
                [GenerateSerializer]
                private sealed class Hidden { [Id(0)] public int Value { get; set; } }
            }
            """);

        Assert.Equal(
            "'Outer.Hidden' is private; generated code needs it to be public or internal (also every type that contains it).",
            run.Single("OPG009").GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Generate_GrainClassWithoutPublicConstructor_ReportsOpg010()
    {
        var run = GeneratorHarness.Run(Usings + """
            public interface IFoo : IGrainWithStringKey { Task Bar(); }

            public sealed class FooGrain : Grain, IFoo
            {
                private FooGrain() { }
                public Task Bar() => Task.CompletedTask;
            }
            """);

        Assert.StartsWith("Grain class 'FooGrain' has no public constructor", run.Single("OPG010").GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.DoesNotContain(run.GeneratedSources, s => s.HintName.StartsWith("GrainClass", StringComparison.Ordinal));
    }

    [Fact]
    public void Generate_ReadOnlyMemberWithoutMatchingConstructor_ReportsOpg008()
    {
        var run = GeneratorHarness.Run(Usings + """
            [GenerateSerializer]
            public sealed class Frozen
            {
                public Frozen(int other) { Value = other; }
                [Id(0)] public int Value { get; }
            }
            """);

        Assert.Contains("Member 'Value' of 'Frozen' cannot be serialized: it has no accessible setter", run.Single("OPG008").GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_ConstrainedGenericSerializableType_ReportsOpg012()
    {
        var run = GeneratorHarness.Run(Usings + """
            [GenerateSerializer]
            public sealed class Keyed<T> where T : class { [Id(0)] public T? Value { get; set; } }
            """);

        Assert.Contains("type parameter 'T' has constraints", run.Single("OPG012").GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_InterfaceExtendingInvalidInterface_ReportsOnceAndGeneratesNeither()
    {
        var run = GeneratorHarness.Run(Usings + """
            public interface IBase : IGrainWithStringKey { int Broken(); }
            public interface IDerived : IBase { Task Fine(); }
            """);

        Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("OPG001", run.GeneratorDiagnostics[0].Id);
        Assert.DoesNotContain(run.GeneratedSources, s => s.HintName.StartsWith("GrainInterface", StringComparison.Ordinal));
    }

    [Fact]
    public void Generate_KeywordParameterNamesAndOverloads_CompileWithoutProblems()
    {
        var run = GeneratorHarness.Run(Usings + """
            public interface IFoo : IGrainWithIntegerKey
            {
                Task<string> Run(string @class, int @event);
                Task<string> Run(long value);
                [AlwaysInterleave] ValueTask<(int, string?)> Status();
            }

            public interface IBar : IGrainWithGuidKey
            {
                Task<string> Run(string @class, int @event);
            }
            """);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationProblems);
        Assert.Contains("public override bool AlwaysInterleave => true;", run.Source("GrainInterface.Sample.IFoo"), StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_ValidGrainAndRecord_CompilesWithoutDiagnosticsAndEmitsProxyRequestsAndRegistrations()
    {
        var run = GeneratorHarness.Run(Usings + """
            [GenerateSerializer]
            public sealed record Item([property: Id(0)] string Name, [property: Id(1)] int Quantity);

            [GenerateSerializer]
            public sealed class CartState
            {
                [Id(0)] public List<Item> Items { get; set; } = new();
            }

            public interface ICatalog : IGrainWithStringKey
            {
                Task<Item?> FindAsync(string name);
            }

            public interface ICartGrain : ICatalog
            {
                Task AddAsync(Item item, int? limit);
                ValueTask<IReadOnlyList<Item>> ListAsync();
                ValueTask ClearAsync();
                Task<ICartGrain?> SiblingAsync(ICartGrain other);
            }

            [Reentrant]
            [GrainType("shopping-cart")]
            public sealed class CartGrain([PersistentState("cart", "carts")] IPersistentState<CartState> state) : Grain, ICartGrain
            {
                public Task<Item?> FindAsync(string name) => Task.FromResult(state.State.Items.Find(i => i.Name == name));
                public Task AddAsync(Item item, int? limit) { state.State.Items.Add(item); return Task.CompletedTask; }
                public ValueTask<IReadOnlyList<Item>> ListAsync() => new(state.State.Items);
                public ValueTask ClearAsync() { state.State.Items.Clear(); return default; }
                public Task<ICartGrain?> SiblingAsync(ICartGrain other) => Task.FromResult<ICartGrain?>(other);
            }
            """);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationProblems);

        var cart = run.Source("GrainInterface.Sample.ICartGrain");
        Assert.Contains("file sealed class ICartGrain_Proxy : global::Orleans.Pipeline.Runtime.GrainReference, global::Sample.ICartGrain", cart, StringComparison.Ordinal);
        Assert.Contains("\"Sample.ICartGrain.AddAsync(Sample.Item,int?)\"", cart, StringComparison.Ordinal);
        Assert.Contains("\"Sample.ICatalog.FindAsync(string)\"", cart, StringComparison.Ordinal);
        Assert.Contains("GrainTypeManifest.RegisterInterface", cart, StringComparison.Ordinal);
        Assert.Contains("[global::System.Runtime.CompilerServices.ModuleInitializer]", cart, StringComparison.Ordinal);
        Assert.Contains("// <auto-generated/>", cart, StringComparison.Ordinal);
        Assert.Contains("#nullable enable", cart, StringComparison.Ordinal);

        var grain = run.Source("GrainClass.Sample.CartGrain");
        Assert.Contains("\"shopping-cart\"", grain, StringComparison.Ordinal);
        Assert.Contains("context.GetPersistentState<global::Sample.CartState>(\"cart\", \"carts\")", grain, StringComparison.Ordinal);
        Assert.Contains("true,", grain, StringComparison.Ordinal);
        Assert.Contains("typeof(global::Sample.ICartGrain), typeof(global::Sample.ICatalog)", grain, StringComparison.Ordinal);

        Assert.Contains("new global::Sample.Item(m0, m1)", run.Source("Serializer.Sample.Item"), StringComparison.Ordinal);
        Assert.Contains("[assembly: global::Orleans.Pipeline.Runtime.Manifest.GeneratedGrainCode]", run.Source("GeneratedGrainCode"), StringComparison.Ordinal);

        var requests = run.Output.SyntaxTrees
            .SelectMany(t => t.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax>())
            .Count(c => c.Identifier.Text.Contains("_Request", StringComparison.Ordinal));
        Assert.Equal(6, requests);
    }

    [Fact]
    public void Generate_ProjectWithoutGrainCode_EmitsNothing()
    {
        var run = GeneratorHarness.Run(Usings + """
            public sealed class Plain { public int Value { get; set; } }
            public interface INotAGrain { Task Run(); }
            """);

        Assert.Empty(run.GeneratedSources);
        Assert.Empty(run.GeneratorDiagnostics);
    }

    [Fact]
    public void Generate_UnrelatedEditAfterFirstRun_ReusesCachedOutputs()
    {
        var run = GeneratorHarness.Run(Usings + """
            public interface IFoo : IGrainWithStringKey { Task<int> Bar(int x); }
            """);
        var edited = run.Input.AddSyntaxTrees(Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(
            "namespace Other; public static class Unrelated { public static int Value => 1; }",
            (Microsoft.CodeAnalysis.CSharp.CSharpParseOptions)run.Input.SyntaxTrees.First().Options));

        var second = run.Driver.RunGenerators(edited).GetRunResult().Results[0];

        var outputs = second.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(step => step.Outputs).ToArray();
        Assert.NotEmpty(outputs);
        Assert.All(outputs, output => Assert.True(
            output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
            $"output was {output.Reason}"));
    }
}
