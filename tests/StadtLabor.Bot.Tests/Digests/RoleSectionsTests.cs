using StadtLabor.Bot.Features.Digests;
using StadtLabor.Bot.Features.Digests.Roles;
using StadtLabor.Bot.Roles;

namespace StadtLabor.Bot.Tests.Digests;

/// <summary>The role matrix per section: who gets which role digest, and which sections a reader's roles let them see.</summary>
public sealed class RoleSectionsTests
{
    private static readonly RoleSection[] Lotsen = [RoleSection.LotsenWaiting, RoleSection.LotsenDeadlines, RoleSection.LotsenAnswers];
    private static readonly RoleSection[] Lab = [RoleSection.LabTrainings, RoleSection.LabPickups, RoleSection.LabReturns, RoleSection.LabMaintenance, RoleSection.LabOutbox];
    private static readonly RoleSection[] Innovation = [RoleSection.InnovationSurveys, RoleSection.InnovationIdeas];

    private static HashSet<Role> Held(params Role[] roles) => [.. roles];

    [Theory]
    [InlineData(new Role[0], new DigestKind[0])]
    [InlineData(new[] { Role.Staff }, new DigestKind[0])]
    [InlineData(new[] { Role.ResearchPartner }, new DigestKind[0])]
    [InlineData(new[] { Role.Admin }, new DigestKind[0])]
    [InlineData(new[] { Role.LabTeam }, new[] { DigestKind.LabTeam })]
    [InlineData(new[] { Role.Lotse }, new[] { DigestKind.Lotsen })]
    [InlineData(new[] { Role.Innovation }, new[] { DigestKind.Innovation })]
    [InlineData(new[] { Role.Innovation, Role.Lotse }, new[] { DigestKind.Lotsen, DigestKind.Innovation })]
    [InlineData(new[] { Role.LabTeam, Role.Lotse, Role.Admin }, new[] { DigestKind.LabTeam, DigestKind.Lotsen })]
    public void KindsFor_AssignedRoles_OneDigestPerOwnRole(Role[] held, DigestKind[] expected) =>
        Assert.Equal(expected, RoleSections.KindsFor(Held(held)));

    [Fact]
    public void For_EachRoleHolder_SeesExactlyTheirOwnSections()
    {
        Assert.Equal(Lab, RoleSections.For(DigestKind.LabTeam, Held(Role.LabTeam)));
        Assert.Equal(Lotsen, RoleSections.For(DigestKind.Lotsen, Held(Role.Lotse)));
        Assert.Equal(Innovation, RoleSections.For(DigestKind.Innovation, Held(Role.Innovation)));
    }

    [Fact]
    public void For_InnovationReader_NeverGetsLotsenOrLabSectionsInItsDigest() =>
        Assert.Empty(RoleSections.For(DigestKind.Innovation, Held(Role.Innovation)).Intersect(Lotsen.Concat(Lab)));

    [Fact]
    public void For_EveryKindAndEveryRoleSet_OnlySectionsOfThatKindWhoseRoleTheReaderHolds()
    {
        Role[] assignable = [Role.LabTeam, Role.Lotse, Role.Innovation, Role.ResearchPartner, Role.Admin];
        for (var mask = 0; mask < 1 << assignable.Length; mask++)
        {
            var held = Held([.. assignable.Where((_, i) => (mask & (1 << i)) != 0)]);
            foreach (var kind in RoleSections.Kinds)
            {
                var sections = RoleSections.For(kind, held);
                Assert.All(sections, s => Assert.Equal(RoleSections.RoleOf(kind), RoleSections.Requires(s)));
                Assert.All(sections, s => Assert.True(RoleRules.Grants(held, RoleSections.Requires(s)), $"{s} shown to [{string.Join(",", held)}]"));
            }
        }
    }

    [Fact]
    public void For_ReaderWithoutTheRole_SeesNothing()
    {
        Assert.Empty(RoleSections.For(DigestKind.LabTeam, Held(Role.Lotse, Role.Innovation)));
        Assert.Empty(RoleSections.For(DigestKind.Lotsen, Held(Role.LabTeam)));
        Assert.Empty(RoleSections.For(DigestKind.Innovation, Held(Role.Lotse, Role.LabTeam)));
    }

    [Fact]
    public void Requires_EverySection_BelongsToExactlyOneRoleDigest() =>
        Assert.All(Enum.GetValues<RoleSection>(), s => Assert.Single(RoleSections.Kinds, k => RoleSections.RoleOf(k) == RoleSections.Requires(s)));
}
