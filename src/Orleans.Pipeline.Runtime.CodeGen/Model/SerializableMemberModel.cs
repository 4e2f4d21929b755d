namespace Orleans.Pipeline.Runtime.CodeGen.Model;

/// <param name="Id">The member's field id.</param>
/// <param name="Name">The member's name as an identifier.</param>
/// <param name="Type">The member's type as generated code spells it.</param>
/// <param name="Assignment">How a value read back is assigned.</param>
internal sealed record SerializableMemberModel(uint Id, string Name, string Type, MemberAssignment Assignment);
