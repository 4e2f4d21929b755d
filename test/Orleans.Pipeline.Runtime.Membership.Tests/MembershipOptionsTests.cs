using Orleans.Pipeline.Runtime.Membership;

namespace Orleans.Pipeline.Runtime.Membership.Tests;

public sealed class MembershipOptionsTests
{
    [Fact]
    public void Defaults_AreTheDocumentedLanValues()
    {
        var options = new MembershipOptions();

        Assert.Equal(TimeSpan.FromSeconds(1), options.ProbePeriod);
        Assert.Equal(TimeSpan.FromSeconds(1), options.ProbeTimeout);
        Assert.Equal(2, options.MissedProbesLimit);
        Assert.Equal(2, options.VotesForDeathDeclaration);
        Assert.Equal(TimeSpan.FromSeconds(10), options.VoteExpiration);
        Assert.Equal(3, options.NumProbedSilos);
        Assert.Equal(TimeSpan.FromSeconds(1), options.TableRefreshPeriod);
        Assert.Equal(TimeSpan.FromSeconds(1), options.IAmAlivePeriod);
        Assert.Equal(4, options.MissedIAmAliveLimit);
        Assert.Equal(TimeSpan.FromSeconds(4), options.StaleIAmAliveAge);
        Assert.Equal(TimeSpan.FromDays(1), options.DefunctSiloExpiration);
        Assert.Equal(TimeSpan.FromHours(1), options.DefunctSiloCleanupPeriod);
        options.Validate();
    }

    [Fact]
    public void Defaults_WorstCaseDetectionOfAKilledSilo_IsUnderFiveSeconds()
    {
        var options = new MembershipOptions();

        // Probes that time out: each missed probe costs a period plus a timeout; then one refresh until every silo knows.
        var worst = (options.MissedProbesLimit * (options.ProbePeriod + options.ProbeTimeout)) + options.TableRefreshPeriod;

        Assert.True(worst <= TimeSpan.FromSeconds(5), $"worst case {worst}");
    }

    [Theory]
    [InlineData(nameof(MembershipOptions.ProbePeriod))]
    [InlineData(nameof(MembershipOptions.ProbeTimeout))]
    [InlineData(nameof(MembershipOptions.TableRefreshPeriod))]
    [InlineData(nameof(MembershipOptions.IAmAlivePeriod))]
    [InlineData(nameof(MembershipOptions.VoteExpiration))]
    public void Validate_ZeroPeriod_ThrowsNamingTheSetting(string setting)
    {
        var options = new MembershipOptions();
        typeof(MembershipOptions).GetProperty(setting)!.SetValue(options, TimeSpan.Zero);

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains(setting, error.Message);
    }

    [Fact]
    public void Validate_FewerProbersThanVotes_ThrowsExplaining()
    {
        var error = Assert.Throws<ArgumentException>(new MembershipOptions { NumProbedSilos = 1 }.Validate);

        Assert.Contains("NumProbedSilos", error.Message);
    }

    [Fact]
    public void Validate_VotesExpiringBeforeASecondProberCanVote_Throws()
    {
        var error = Assert.Throws<ArgumentException>(new MembershipOptions { VoteExpiration = TimeSpan.FromSeconds(2) }.Validate);

        Assert.Contains("VoteExpiration", error.Message);
    }

    [Fact]
    public void Validate_ZeroMissedProbesLimit_Throws()
    {
        var error = Assert.Throws<ArgumentException>(new MembershipOptions { MissedProbesLimit = 0 }.Validate);

        Assert.Contains("MissedProbesLimit", error.Message);
    }
}
