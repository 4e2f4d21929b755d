namespace Orleans.Pipeline.Runtime.CodeGen.Tests.Support;

internal sealed class FakeServiceProvider(Dictionary<Type, object> services) : IServiceProvider
{
    public object? GetService(Type serviceType) => services.GetValueOrDefault(serviceType);
}
