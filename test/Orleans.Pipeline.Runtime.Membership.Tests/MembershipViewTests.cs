using Orleans.Pipeline.Runtime.Membership;

namespace Orleans.Pipeline.Runtime.Membership.Tests;

public sealed class MembershipViewTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void StatusOf_AddressNotInTable_IsDead()
    {
        var view = new MembershipView(3, [Entry("10.0.0.1", 1, SiloStatus.Active)]);

        Assert.Equal(SiloStatus.Dead, view.StatusOf(new SiloAddress("10.0.0.9", 11111, 1)));
        Assert.False(view.IsKnownDead(new SiloAddress("10.0.0.9", 11111, 1)));
        Assert.Null(view.NameOf(new SiloAddress("10.0.0.9", 11111, 1)));
    }

    [Fact]
    public void StatusOf_OlderGenerationThanAnotherRowOnSameEndpoint_IsDeadWhateverItsRowSays()
    {
        var old = Entry("10.0.0.1", 1, SiloStatus.Active);
        var restarted = Entry("10.0.0.1", 2, SiloStatus.Joining);
        var view = new MembershipView(5, [restarted, old, Entry("10.0.0.2", 1, SiloStatus.Active)]);

        Assert.Equal(SiloStatus.Dead, view.StatusOf(old.Address));
        Assert.True(view.IsKnownDead(old.Address));
        Assert.Equal(SiloStatus.Joining, view.StatusOf(restarted.Address));
        Assert.Equal([new SiloAddress("10.0.0.2", 11111, 1)], view.ActiveSilos);
        Assert.Equal(SiloStatus.Active, Assert.Single(view.Entries, e => e.Address == old.Address).Status);
    }

    [Fact]
    public void StatusOf_OlderGenerationOfAnotherPort_IsUnaffected()
    {
        var view = new MembershipView(1, [Entry("10.0.0.1", 1, SiloStatus.Active, port: 11111), Entry("10.0.0.1", 2, SiloStatus.Active, port: 22222)]);

        Assert.Equal(2, view.ActiveSilos.Count);
    }

    [Fact]
    public void Constructor_UnorderedRows_KeepsEntriesAndActiveSilosInAddressOrder()
    {
        var view = new MembershipView(
            9,
            [Entry("10.0.0.3", 1, SiloStatus.Active), Entry("10.0.0.1", 1, SiloStatus.ShuttingDown), Entry("10.0.0.2", 1, SiloStatus.Active), Entry("10.0.0.4", 1, SiloStatus.Dead)]);

        Assert.Equal(9, view.Version);
        Assert.Equal(["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"], view.Entries.Select(e => e.Address.Host));
        Assert.Equal(["10.0.0.2", "10.0.0.3"], view.ActiveSilos.Select(s => s.Host));
        Assert.Equal(SiloStatus.ShuttingDown, view.StatusOf(new SiloAddress("10.0.0.1", 11111, 1)));
        Assert.True(view.IsActive(new SiloAddress("10.0.0.2", 11111, 1)));
        Assert.Equal("silo-10.0.0.3", view.NameOf(new SiloAddress("10.0.0.3", 11111, 1)));
    }

    [Fact]
    public void Constructor_TwoRowsForOneAddress_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => new MembershipView(1, [Entry("10.0.0.1", 1, SiloStatus.Active), Entry("10.0.0.1", 1, SiloStatus.Dead)]));
    }

    [Fact]
    public void FromSnapshot_Rows_UsesVersionAndEntries()
    {
        var entry = Entry("10.0.0.1", 1, SiloStatus.Active);

        var view = MembershipView.FromSnapshot(new MembershipSnapshot(42, [new MembershipRow(entry, "1")]));

        Assert.Equal(42, view.Version);
        Assert.True(view.TryGetEntry(entry.Address, out var stored));
        Assert.Same(entry, stored);
    }

    [Fact]
    public void Empty_HasNoMembersAndVersionZero()
    {
        Assert.Equal(0, MembershipView.Empty.Version);
        Assert.Empty(MembershipView.Empty.Entries);
        Assert.Empty(MembershipView.Empty.ActiveSilos);
    }

    private static MembershipEntry Entry(string host, long generation, SiloStatus status, int port = 11111) =>
        new(new SiloAddress(host, port, generation), $"silo-{host}", status, 0, Now, Now, []);
}
