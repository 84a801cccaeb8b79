using System.Globalization;
using System.Text.Json.Nodes;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Roles;

namespace StadtLabor.Bot.Features.Digests.Roles;

/// <summary>One section as the card shows it; <see cref="Total"/> counts the lines behind it (also those cut off).</summary>
public sealed record SectionData(JsonObject Json, int Total);

/// <summary>
/// The data of card digests/role-digest for one reader: the sections their roles allow (<see cref="RoleSections.For"/>),
/// each in words of their language, empty sections left out, and the "Gelesen"/"Erledigt"/"Später (Montag)" buttons
/// that name the edition. Null when nothing is in any section: no card at all is better than an empty one every week.
/// </summary>
public sealed class RoleDigestCard(Strings strings, LotsenSections lotsen, LabTeamSections lab, InnovationSections innovation)
{
    public const string CardName = "digests/role-digest";
    public const string AckVerb = "digests.ack";
    private const string W = "digestsRoles.";

    public async Task<(JsonObject Data, int Items)?> DataAsync(RoleWeek week, DigestKind kind, IReadOnlySet<Role> held, string lang,
        long editionId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(week);
        var sections = new JsonArray();
        var items = 0;
        foreach (var section in RoleSections.For(kind, held))
        {
            var data = section switch
            {
                RoleSection.LotsenWaiting or RoleSection.LotsenDeadlines or RoleSection.LotsenAnswers => lotsen.Build(week, section, lang),
                RoleSection.InnovationSurveys or RoleSection.InnovationIdeas => innovation.Build(week, section, lang),
                _ => await lab.BuildAsync(week, section, lang, ct),
            };
            if (data.Total == 0) continue;
            items += data.Total;
            sections.Add(data.Json);
        }
        if (items == 0) return null;

        var name = strings.Get(lang, W + "name." + KindKey(kind));
        var culture = Strings.Culture(lang);
        var sunday = week.Monday.AddDays(6);
        return (new JsonObject
        {
            ["edition"] = editionId,
            ["heading"] = strings.Format(lang, W + "heading", name, week.WeekNumber.ToString(culture),
                Wording.Day(lang, week.Monday, week.NowUtc), Wording.Day(lang, sunday, week.NowUtc)),
            ["sections"] = sections,
            ["readTitle"] = strings.Format(lang, W + "ack.read", name),
            ["doneTitle"] = strings.Format(lang, W + "ack.done", name),
            ["laterTitle"] = strings.Format(lang, W + "ack.later", name),
        }, items);
    }

    public static string KindKey(DigestKind kind) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(kind.ToString());

    /// <summary>A line: its text, a second line of facts (may be empty), and a button when the line leads somewhere.</summary>
    public static JsonObject Row(string text, string facts, string? actionTitle = null, string? verb = null, JsonObject? data = null) => new()
    {
        ["text"] = text,
        ["facts"] = facts,
        ["hasFacts"] = facts.Length > 0,
        ["hasAction"] = actionTitle is not null && verb is not null,
        ["actionTitle"] = actionTitle ?? "",
        ["verb"] = verb ?? "",
        ["data"] = data ?? [],
    };

    /// <summary>
    /// A section: heading with the count, the rows (at most RoleWeek.MaxRows), "… und N weitere", and a button to the
    /// full list when there is one (its title must differ from every other button's on the card).
    /// </summary>
    public static SectionData Section(Strings strings, string lang, RoleSection section, IReadOnlyList<JsonObject> rows, int total,
        string? openTitle = null, string? openVerb = null, JsonObject? openData = null)
    {
        ArgumentNullException.ThrowIfNull(strings);
        ArgumentNullException.ThrowIfNull(rows);
        var culture = Strings.Culture(lang);
        var key = System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(section.ToString());
        var shown = rows.Take(RoleWeek.MaxRows).ToList();
        return new SectionData(new JsonObject
        {
            ["heading"] = strings.Format(lang, W + "section." + key, total.ToString("N0", culture)),
            ["rows"] = new JsonArray([.. shown]),
            ["hasMore"] = total > shown.Count,
            ["more"] = strings.Format(lang, W + "more", (total - shown.Count).ToString("N0", culture)),
            ["hasOpen"] = openTitle is not null && openVerb is not null,
            ["openTitle"] = openTitle ?? "",
            ["openVerb"] = openVerb ?? "",
            ["openData"] = openData ?? [],
        }, total);
    }
}
