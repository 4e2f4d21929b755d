namespace Orleans.Pipeline.Runtime.CodeGen.Tests.Serialization.Types;

/// <summary>An immutable class: get-only properties set by its constructor.</summary>
[GenerateSerializer]
public sealed class Money
{
    public Money(decimal amount, string currency)
    {
        Amount = amount;
        Currency = currency;
    }

    [Id(0)]
    public decimal Amount { get; }

    [Id(1)]
    public string Currency { get; }
}
