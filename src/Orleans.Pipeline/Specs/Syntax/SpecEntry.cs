namespace Orleans.Pipeline.Specs.Syntax;

/// <summary>One key and its value in a <see cref="SpecMapping"/>; the key's position is where problems with the key are reported.</summary>
internal sealed record SpecEntry(string Key, int Line, int Column, SpecNode Value);
