namespace Orleans.Pipeline.Runtime.CodeGen.Model;

/// <param name="Interface">The interface that declares the method, as generated code spells it.</param>
/// <param name="Name">The method's name.</param>
/// <param name="MethodId">The method's identity on the wire.</param>
/// <param name="MethodName">Short name for messages: <c>IFoo.Bar</c>.</param>
/// <param name="Kind">Which of Task, Task&lt;T&gt;, ValueTask, ValueTask&lt;T&gt; it returns.</param>
/// <param name="ReturnType">The declared return type.</param>
/// <param name="ResultType">The request's result type: T, or VoidResult.</param>
/// <param name="AlwaysInterleave">Whether the method is marked [AlwaysInterleave].</param>
/// <param name="Parameters">The parameters in order.</param>
internal sealed record GrainMethodModel(
    string Interface,
    string Name,
    string MethodId,
    string MethodName,
    ReturnKind Kind,
    string ReturnType,
    string ResultType,
    bool AlwaysInterleave,
    EquatableArray<ParameterModel> Parameters);
