using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Downloads;
using StadtLabor.Bot.Features.Trainings.Admin;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.TrainingSeed;

namespace StadtLabor.Bot.IntegrationTests.Trainings;

/// <summary>
/// Export links are bearer links: the lab team's participant export is made for one member and checks that member's
/// role again on every download. Two bots share the link key: the first has the member in Roles:LabTeam (as when the
/// link was made), the second is the same deployment after the member was taken out of the role configuration.
/// </summary>
public abstract class ExportRoleTests<TLabBot, TRevokedBot>(TLabBot labFixture, TRevokedBot revokedFixture)
    where TLabBot : BotFixture where TRevokedBot : BotFixture
{
    private TLabBot Lab
    {
        get
        {
            if (labFixture.Unavailable is { } reason) Assert.Skip(reason);
            return labFixture;
        }
    }

    private TRevokedBot Revoked
    {
        get
        {
            if (revokedFixture.Unavailable is { } reason) Assert.Skip(reason);
            return revokedFixture;
        }
    }

    private static readonly Persona Dora = Colleague(9301);

    private static List<string> ExportLinks(JsonObject card) =>
        [.. JsonWalk(card).OfType<JsonObject>()
            .Where(o => o["type"]?.GetValue<string>() == "Action.OpenUrl")
            .Select(o => new Uri(o["url"]!.GetValue<string>()).PathAndQuery)
            .Where(p => p.StartsWith("/exports/trainings/", StringComparison.Ordinal))];

    private static IEnumerable<JsonNode> JsonWalk(JsonNode? node) => node switch
    {
        null => [],
        JsonObject o => new[] { node }.Concat(o.SelectMany(p => JsonWalk(p.Value))),
        JsonArray a => new[] { node }.Concat(a.SelectMany(JsonWalk)),
        _ => [node],
    };

    [Fact]
    public async Task Export_MemberStillInLabTeam_Downloads()
    {
        var id = await SessionAsync(Lab, capacity: 2);
        await ClickAsync(Lab, Dora, "trainings.signUp", Session(id));
        var links = ExportLinks(await ClickAsync(Lab, LabTeam, "trainings.participants", Session(id)));

        Assert.Equal(2, links.Count);
        foreach (var link in links)
        {
            using var response = await Lab.Http.GetAsync(link);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task Export_MemberTakenOutOfLabTeam_ForbiddenAndNoNamesLogged()
    {
        var id = await SessionAsync(Lab, capacity: 2);
        await ClickAsync(Lab, Dora, "trainings.signUp", Session(id));
        var links = ExportLinks(await ClickAsync(Lab, LabTeam, "trainings.participants", Session(id)));
        Assert.Equal(2, links.Count);

        foreach (var link in links)
        {
            using var response = await Revoked.Http.GetAsync(link);
            var body = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Contains("nur für das Team", body, StringComparison.Ordinal);
            Assert.DoesNotContain(Dora.Name, body, StringComparison.Ordinal);
        }
        var lines = Revoked.Logs.Lines;
        Assert.Contains(lines, l => l.Contains($"Participant export of session {id} refused", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(Dora.Name, StringComparison.Ordinal) || l.Contains(LabTeam.Name, StringComparison.Ordinal)
            || l.Contains(LabTeam.AadObjectId, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Export_LinkOfAnotherTenant_Forbidden()
    {
        // Genuinely signed, but for a tenant the bot no longer admits: the role source is not even asked.
        var id = await SessionAsync(Lab, capacity: 2);
        var links = Lab.App.Services.GetRequiredService<DownloadLinks>();
        var grant = ExportParticipants.Grant(id, "00000000-0000-4000-8000-00000000dead", LabTeam.AadObjectId, DateTime.UtcNow);

        using var response = await Lab.Http.GetAsync($"/exports/trainings/{links.Token(grant)}.csv");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}

/// <summary>Shared by both bots of a pair, so a link signed by one is genuine for the other.</summary>
public static class ExportLinkKey
{
    public static readonly string Shared = Convert.ToBase64String([.. Enumerable.Range(1, 32).Select(i => (byte)(i * 7))]);
}

public sealed class ExportLabSqliteBot : BotFixture
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Roles:LabTeam:0"] = LabTeam.AadObjectId,
        ["Links:Key"] = ExportLinkKey.Shared,
    };
}

/// <summary>The same deployment after the lab-team member left: same link key, nobody in Roles:LabTeam.</summary>
public sealed class ExportRevokedSqliteBot : BotFixture
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Links:Key"] = ExportLinkKey.Shared,
    };
}

public sealed class ExportLabPostgresBot : BotFixture
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Roles:LabTeam:0"] = LabTeam.AadObjectId,
        ["Links:Key"] = ExportLinkKey.Shared,
    };
}

public sealed class ExportRevokedPostgresBot : BotFixture
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Links:Key"] = ExportLinkKey.Shared,
    };
}

public sealed class ExportRoleTests_Sqlite(ExportLabSqliteBot lab, ExportRevokedSqliteBot revoked)
    : ExportRoleTests<ExportLabSqliteBot, ExportRevokedSqliteBot>(lab, revoked), IClassFixture<ExportLabSqliteBot>, IClassFixture<ExportRevokedSqliteBot>;

public sealed class ExportRoleTests_Postgres(ExportLabPostgresBot lab, ExportRevokedPostgresBot revoked)
    : ExportRoleTests<ExportLabPostgresBot, ExportRevokedPostgresBot>(lab, revoked), IClassFixture<ExportLabPostgresBot>, IClassFixture<ExportRevokedPostgresBot>;
