namespace Orleans.Pipeline.Runtime.Membership;

/// <summary>A member's status in the membership table. Dead is final: a restarted silo is a new member.</summary>
public enum SiloStatus
{
    Joining = 1,
    Active = 2,
    ShuttingDown = 3,
    Dead = 4,
}
