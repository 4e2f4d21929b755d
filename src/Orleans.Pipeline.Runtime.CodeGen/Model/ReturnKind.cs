namespace Orleans.Pipeline.Runtime.CodeGen.Model;

internal enum ReturnKind
{
    Task,
    TaskOfT,
    ValueTask,
    ValueTaskOfT,
}
