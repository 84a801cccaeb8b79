using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Roles;

namespace StadtLabor.Bot.Tests.Roles;

/// <summary>The decision table itself: every held role against every required role.</summary>
public sealed class RoleRulesTests
{
    public static TheoryData<Role, Role> AllPairs =>
        [.. Enum.GetValues<Role>().SelectMany(held => Enum.GetValues<Role>().Select(required => (held, required)))];

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void Grants_OneHeldRole_OnlyItselfStaffOrEverythingForAdmin(Role held, Role required)
    {
        // The inclusions besides Admin: the innovation department can do what the Lotsen can, and sees what the research partner sees.
        var expected = required == Role.Staff || held == Role.Admin || held == required
            || (held == Role.Innovation && required is Role.Lotse or Role.ResearchPartner);

        Assert.Equal(expected, RoleRules.Grants(new HashSet<Role> { held }, required));
    }

    [Fact]
    public void Grants_NoRoles_OnlyStaff()
    {
        var none = new HashSet<Role>();

        Assert.All(Enum.GetValues<Role>(), required => Assert.Equal(required == Role.Staff, RoleRules.Grants(none, required)));
    }

    [Fact]
    public void Grants_TwoRoles_Both()
    {
        var held = new HashSet<Role> { Role.Lotse, Role.Innovation };

        Assert.True(RoleRules.Grants(held, Role.Lotse));
        Assert.True(RoleRules.Grants(held, Role.Innovation));
        Assert.False(RoleRules.Grants(held, Role.LabTeam));
    }

    [Fact]
    public void WordKey_EveryRole_NamedInBothLanguages()
    {
        var words = new Strings();
        foreach (var lang in Strings.Languages)
            foreach (var role in Enum.GetValues<Role>())
                Assert.False(string.IsNullOrWhiteSpace(words.Get(lang, RoleRules.WordKey(role))), $"{lang}: {role}");
        Assert.Equal("roles.researchPartner", RoleRules.WordKey(Role.ResearchPartner));
    }
}
