namespace Orleans.Pipeline.Specs;

/// <summary>
/// Checks that input locations can be read, for <see cref="JobSpecValidator.ValidateAsync"/>. This is where I/O
/// happens (asking silos whether files exist, or a URL answers); validation itself stays pure.
/// </summary>
public interface IInputCheck
{
    /// <summary>
    /// Checks <paramref name="locations"/>, which are all well formed (file, URL or inline text). Returns one entry
    /// per location, in the same order: null when it can be read, otherwise why not (e.g. "no such file"), which
    /// becomes part of the problem's message. Given all at once so that an implementation can ask each silo once.
    /// </summary>
    ValueTask<IReadOnlyList<string?>> CheckAsync(IReadOnlyList<Location> locations, CancellationToken cancellationToken);
}
