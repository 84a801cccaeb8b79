using System.Globalization;
using System.Text.Json.Nodes;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Surveys.Lifecycle;

/// <summary>What the plan card sent, as typed (kept on the card after a refusal), and what it means once checked.</summary>
public sealed record PlanForm(string Audience, string People, string Teams, string OpensOn, string ClosesOn, string ReminderDays)
{
    public const string Everyone = "everyone";
    public const string PeopleKind = "people";
    public const string TeamsKind = "teams";
    public const string GroupsKind = "groups";

    /// <summary>Entra groups' object ids (only with Graph on; "groups" on the card).</summary>
    public string Groups { get; init; } = "";

    public static PlanForm Read(JsonObject data) => new(
        CardInput.Text(data, "audience"), CardInput.Text(data, "people"), CardInput.Text(data, "teams"),
        CardInput.Text(data, "opensOn"), CardInput.Text(data, "closesOn"), CardInput.Text(data, "reminderDays"))
    { Groups = CardInput.Text(data, "groups") };
}

/// <summary>A checked plan: whom, when, reminders.</summary>
public sealed record WavePlanValues(AudienceKind Kind, IReadOnlyList<string> Audience, DateOnly OpensOn, DateOnly ClosesOn, string ReminderDays);

/// <summary>
/// The rules of a wave's plan, in one place for the start and the extension: the first day not before today, the last
/// not before the first and at most <see cref="MaxDays"/> days after it, reminder days 1..60, people as Entra object ids
/// (the people picker sends them; anything else is refused, not guessed), teams only where the bot is installed.
/// Errors are word keys per field ("audience", "people", "teams", "opensOn", "closesOn", "reminderDays").
/// </summary>
public static class WavePlanRules
{
    public const int MaxDays = 90;
    public const int MaxPeople = 200;

    /// <summary>Entra groups per wave: a handful of departments' groups; each is read page by page at the start.</summary>
    public const int MaxGroups = 20;
    private const string Error = "surveysLifecycle.error.";

    public static (WavePlanValues? Values, Dictionary<string, string> Errors) Check(PlanForm form, DateOnly today, IReadOnlySet<string> installedTeams,
        bool groupsOffered = false)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(installedTeams);
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        AudienceKind? kind = form.Audience switch
        {
            PlanForm.Everyone => AudienceKind.Everyone,
            PlanForm.PeopleKind => AudienceKind.People,
            PlanForm.TeamsKind => AudienceKind.Teams,
            PlanForm.GroupsKind => AudienceKind.Groups,
            _ => null,
        };
        List<string> audience = [];
        if (kind is null) errors["audience"] = "surveysLifecycle.plan.audienceError";
        // Groups are read through Graph: without it the choice is not on the card, and an edited payload is refused.
        else if (kind == AudienceKind.Groups && !groupsOffered) errors["audience"] = "graphReach.groupsOff";
        else if (kind == AudienceKind.Groups)
        {
            var ids = Split(form.Groups);
            var guids = ids.Select(id => Guid.TryParse(id, out var g) ? g.ToString("D") : null).ToList();
            if (ids.Count == 0) errors["groups"] = "graphReach.groupsMissing";
            else if (guids.Any(g => g is null)) errors["groups"] = "graphReach.groupsInvalid";
            else if (guids.Distinct().Count() > MaxGroups) errors["groups"] = "graphReach.groupsTooMany";
            else audience = guids.Select(g => g!).Distinct(StringComparer.Ordinal).ToList();
        }
        else if (kind == AudienceKind.People)
        {
            var ids = Split(form.People);
            var guids = ids.Select(id => Guid.TryParse(id, out var g) ? g.ToString("D") : null).ToList();
            if (ids.Count == 0) errors["people"] = Error + "people";
            else if (guids.Any(g => g is null)) errors["people"] = Error + "peopleInvalid";
            else if (guids.Distinct().Count() > MaxPeople) errors["people"] = Error + "peopleTooMany";
            else audience = guids.Select(g => g!).Distinct(StringComparer.Ordinal).ToList();
        }
        else if (kind == AudienceKind.Teams)
        {
            var ids = Split(form.Teams).Distinct(StringComparer.Ordinal).ToList();
            if (ids.Count == 0) errors["teams"] = Error + "teams";
            else if (ids.Any(id => !installedTeams.Contains(id))) errors["teams"] = Error + "teamsUnknown";
            else audience = ids;
        }

        var opens = Day(form.OpensOn);
        var closes = Day(form.ClosesOn);
        if (opens is null) errors["opensOn"] = Error + "date";
        else if (opens < today) errors["opensOn"] = Error + "opensPast";
        if (closes is null) errors["closesOn"] = Error + "date";
        else if (opens is { } o && closes < o) errors["closesOn"] = Error + "closesBeforeOpens";
        else if (opens is { } o2 && closes > o2.AddDays(MaxDays)) errors["closesOn"] = Error + "tooLong";

        var reminders = ReminderDays(form.ReminderDays);
        if (reminders is null) errors["reminderDays"] = Error + "reminders";

        if (errors.Count > 0 || kind is null || audience.Count == 0 && kind != AudienceKind.Everyone) return (null, errors);
        if (string.Join(',', audience).Length > SurveyLimits.Audience) return (null, new() { [kind switch { AudienceKind.People => "people", AudienceKind.Groups => "groups", _ => "teams" }] = Error + "peopleTooMany" });
        return (new WavePlanValues(kind.Value, audience, opens!.Value, closes!.Value, reminders!), errors);
    }

    /// <summary>The reminder days normalised ("7, 3" → "3,7"), "" for none, null when not readable.</summary>
    public static string? ReminderDays(string raw)
    {
        var parts = Split(raw);
        var days = new SortedSet<int>();
        foreach (var p in parts)
        {
            if (!int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var d) || d is < 1 or > 60) return null;
            days.Add(d);
        }
        return days.Count > 8 ? null : string.Join(',', days);
    }

    /// <summary>The reminder days of a stored survey (a hand-edited value that is not readable reminds nobody).</summary>
    public static IReadOnlyList<int> ReminderDayList(string stored) =>
        ReminderDays(stored) is { Length: > 0 } normal ? normal.Split(',').Select(d => int.Parse(d, CultureInfo.InvariantCulture)).ToList() : [];

    /// <summary>An Input.Date value (yyyy-MM-dd).</summary>
    public static DateOnly? Day(string raw) =>
        DateOnly.TryParseExact(raw, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    public static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Comma-separated values (the people picker and a multi-select ChoiceSet send them so).</summary>
    public static List<string> Split(string raw) =>
        raw.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
