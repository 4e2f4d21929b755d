namespace Orleans.Pipeline.Runtime.Serialization;

/// <summary>
/// How a field's payload is laid out, carried in the low three bits of every field header. A reader that does not
/// know a field id can skip its payload from the wire type alone, which is what keeps old and new versions of a type
/// readable by each other.
/// </summary>
public enum WireType : byte
{
    /// <summary>A base-128 varint: unsigned values as they are, signed values zigzag-encoded.</summary>
    VarInt = 0,

    /// <summary>Four bytes, little-endian.</summary>
    Fixed32 = 1,

    /// <summary>Eight bytes, little-endian.</summary>
    Fixed64 = 2,

    /// <summary>A varint byte count followed by that many bytes (strings as UTF-8, byte arrays).</summary>
    LengthPrefixed = 3,

    /// <summary>A nested object: fields until the matching <see cref="EndObject"/>.</summary>
    StartObject = 4,

    /// <summary>Ends the innermost <see cref="StartObject"/>. Its field id is always 0.</summary>
    EndObject = 5,

    /// <summary>Sixteen bytes (decimal, Guid, DateTimeOffset).</summary>
    Fixed128 = 6,

    /// <summary>A null reference or an empty <see cref="Nullable{T}"/>; no payload.</summary>
    Null = 7,
}
