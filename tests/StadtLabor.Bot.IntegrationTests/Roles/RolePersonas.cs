using StadtLabor.Bot.Data;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Roles;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;

namespace StadtLabor.Bot.IntegrationTests.Roles;

/// <summary>One colleague per role, as the role matrix tries every verb and command with each of them.</summary>
public static class RolePersonas
{
    public sealed record RolePersona(string Key, Persona Persona, IReadOnlySet<Role> Held, bool HasObjectId = true);

    public static readonly Persona Lena = new("29:lena-labor", "0b3c1e6a-5d2f-4c7e-9a10-7f2b9c4d5e61", "Lena Labor");
    public static readonly Persona Ines = new("29:ines-innovation", "3c9e2f10-7a4b-4d5c-8e6f-0a1b2c3d4e5f", "Ines Innovation");
    public static readonly Persona Rita = new("29:rita-forschung", "7e0c2a91-3b4d-4f5e-8a6b-9c0d1e2f3a4b", "Prof. Rita Forschung");
    public static readonly Persona Anton = new("29:anton-admin", "4d0f3a21-8b5c-4e6d-9f70-1b2c3d4e5f60", "Anton Admin");

    /// <summary>A guest-like sender whose activity carries no Entra object id: Staff at most, whatever is configured.</summary>
    public static readonly Persona Nobody = new("29:ohne-objekt-id", "", "Ohne Objekt-ID");

    public static readonly IReadOnlyList<RolePersona> All =
    [
        new("Erika (Staff)", Erika, new HashSet<Role>()),
        new("Lena (LabTeam)", Lena, new HashSet<Role> { Role.LabTeam }),
        new("Jonas (Lotse)", Lotse, new HashSet<Role> { Role.Lotse }),
        new("Ines (Innovation)", Ines, new HashSet<Role> { Role.Innovation }),
        new("Rita (ResearchPartner)", Rita, new HashSet<Role> { Role.ResearchPartner }),
        new("Anton (Admin)", Anton, new HashSet<Role> { Role.Admin }),
        new("Nobody (no object id)", Nobody, new HashSet<Role>(), HasObjectId: false),
    ];

    public static RolePersona Get(string key) => All.Single(p => p.Key == key);
}

/// <summary>The app with one colleague per role assigned by object id (no UPN assignments, so no member lookups).</summary>
public sealed class RolesBot : BotFixture
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Roles:LabTeam:0"] = RolePersonas.Lena.AadObjectId,
        ["Roles:Lotse:0"] = Lotse.AadObjectId,
        ["Roles:Innovation:0"] = RolePersonas.Ines.AadObjectId.ToUpperInvariant(),
        ["Roles:ResearchPartner:0"] = RolePersonas.Rita.AadObjectId,
        ["Roles:Admin:0"] = RolePersonas.Anton.AadObjectId,
    };
}
