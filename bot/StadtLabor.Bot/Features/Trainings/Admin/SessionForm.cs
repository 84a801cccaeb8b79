using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Trainings.Admin;

/// <summary>
/// What the lab team typed into the session form (cards/trainings/form), as text exactly as entered, so a refused
/// form comes back with every value kept. <see cref="Validate"/> turns it into a checked <see cref="SessionValues"/>.
/// </summary>
public sealed record SessionForm(
    string ToolId, string NewTool, string Title, string Description, string Prerequisites,
    string Date, string Start, string End, string Place, string OnlineUrl, string Trainer, string Capacity, bool Announce)
{
    private const string DateFormat = "yyyy-MM-dd";
    private const string TimeFormat = "HH:mm";

    public static SessionForm Read(JsonObject data) => new(
        CardInput.Text(data, "toolId"), CardInput.Text(data, "newTool"), CardInput.Text(data, "title"),
        CardInput.Text(data, "description"), CardInput.Text(data, "prerequisites"), CardInput.Text(data, "date"),
        CardInput.Text(data, "start"), CardInput.Text(data, "end"), CardInput.Text(data, "place"),
        CardInput.Text(data, "onlineUrl"), CardInput.Text(data, "trainer"),
        CardInput.WholeNumber(data, "capacity")?.ToString(CultureInfo.InvariantCulture) ?? CardInput.Text(data, "capacity"),
        CardInput.Flag(data, "announce"));

    /// <summary>An empty form for a new session (a week from now, 10 seats) .</summary>
    public static SessionForm Blank(DateTime nowUtc) => new("", "", "", "", "", TrainingTime.ToBerlin(nowUtc).AddDays(7)
        .ToString(DateFormat, CultureInfo.InvariantCulture), "10:00", "12:00", "", "", "", "10", true);

    /// <summary>The form prefilled with a stored session (Berlin wall clock).</summary>
    public static SessionForm Of(TrainingSession s)
    {
        var start = TrainingTime.ToBerlin(s.StartsAtUtc);
        var end = TrainingTime.ToBerlin(s.EndsAtUtc);
        return new(s.ToolId.ToString(CultureInfo.InvariantCulture), "", s.Title, s.Description, s.Prerequisites,
            start.ToString(DateFormat, CultureInfo.InvariantCulture), start.ToString(TimeFormat, CultureInfo.InvariantCulture),
            end.ToString(TimeFormat, CultureInfo.InvariantCulture), s.Place, s.OnlineUrl, s.Trainer,
            s.Capacity.ToString(CultureInfo.InvariantCulture), false);
    }

    /// <summary>
    /// Checks every rule and names the field in each message. The tool is checked against the database by the
    /// caller (it may be new). An end time earlier than the start means the same day, so it is refused, not moved
    /// to the next day: sessions over midnight do not happen in the lab.
    /// </summary>
    public (SessionValues? Values, List<string> Errors) Validate(TurnContext turn, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var errors = new List<string>();
        void Length(string value, int max, string fieldKey)
        {
            if (value.Length > max) errors.Add(turn.Format("trainingsAdmin.error.tooLong", turn.Word(fieldKey), max));
        }

        long? toolId = long.TryParse(ToolId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0 ? id : null;
        if (toolId is null && NewTool.Length == 0) errors.Add(turn.Word("trainingsAdmin.error.toolMissing"));
        Length(NewTool, TrainingLimits.ToolName, "trainingsAdmin.form.newTool");
        if (Title.Length == 0) errors.Add(turn.Word("trainingsAdmin.error.titleMissing"));
        Length(Title, TrainingLimits.Title, "trainingsAdmin.form.title");
        Length(Description, TrainingLimits.Description, "trainingsAdmin.form.description");
        Length(Prerequisites, TrainingLimits.Description, "trainingsAdmin.form.prerequisites");
        Length(Place, TrainingLimits.Place, "trainingsAdmin.form.place");
        Length(Trainer, TrainingLimits.Name, "trainingsAdmin.form.trainer");
        Length(OnlineUrl, TrainingLimits.Url, "trainingsAdmin.form.onlineUrl");
        if (OnlineUrl.Length > 0 && !(Uri.TryCreate(OnlineUrl, UriKind.Absolute, out var url) && url.Scheme == Uri.UriSchemeHttps
            && url.Host.Length > 0))
            errors.Add(turn.Word("trainingsAdmin.error.onlineUrl"));

        var hasDate = DateOnly.TryParseExact(Date, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date);
        var hasStart = TimeOnly.TryParseExact(Start, [TimeFormat, "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var start);
        var hasEnd = TimeOnly.TryParseExact(End, [TimeFormat, "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var end);
        if (!hasDate) errors.Add(turn.Word("trainingsAdmin.error.dateMissing"));
        if (!hasStart) errors.Add(turn.Word("trainingsAdmin.error.startMissing"));
        if (!hasEnd) errors.Add(turn.Word("trainingsAdmin.error.endMissing"));
        DateTime startUtc = default, endUtc = default;
        if (hasDate && hasStart && hasEnd)
        {
            startUtc = TrainingTime.ToUtc(date.ToDateTime(start));
            endUtc = TrainingTime.ToUtc(date.ToDateTime(end));
            if (endUtc <= startUtc) errors.Add(turn.Word("trainingsAdmin.error.endBeforeStart"));
            if (startUtc <= nowUtc) errors.Add(turn.Word("trainingsAdmin.error.past"));
        }

        var capacityOk = int.TryParse(Capacity, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var capacity)
            && capacity is >= 1 and <= TrainingLimits.MaxCapacity;
        if (!capacityOk) errors.Add(turn.Format("trainingsAdmin.error.capacity", TrainingLimits.MaxCapacity));

        if (errors.Count > 0) return (null, errors);
        return (new SessionValues(toolId, NewTool, Title, Description, Prerequisites, startUtc, endUtc, Place, OnlineUrl,
            Trainer, capacity, Announce), errors);
    }

    /// <summary>
    /// The data of cards/trainings/form. The typed values go back unchanged as input values and choice titles: those
    /// are plain text in Adaptive Cards (no markdown), so CardText.Plain's escapes would show up and pile up with each
    /// round trip, and its cut at 300 characters would shorten a description. The template expander keeps them one
    /// JSON string each, so they cannot break the card.
    /// </summary>
    public static async Task<JsonObject> CardDataAsync(LabDbContext db, TurnContext turn, SessionForm form, long sessionId,
        IReadOnlyList<string> errors, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(form);
        var tools = await db.TrainingTools().AsNoTracking().OrderBy(t => t.Name).ToListAsync(ct);
        var isEdit = sessionId > 0;
        return new JsonObject
        {
            ["heading"] = turn.Word(isEdit ? "trainingsAdmin.form.editTitle" : "trainingsAdmin.form.newTitle"),
            ["submitTitle"] = turn.Word(isEdit ? "trainingsAdmin.form.save" : "trainingsAdmin.form.publish"),
            ["submitVerb"] = isEdit ? "trainings.update" : "trainings.create",
            ["sessionId"] = sessionId,
            ["errors"] = new JsonArray([.. errors.Select(e => (JsonNode)new JsonObject { ["text"] = e })]),
            ["hasErrors"] = errors.Count > 0,
            ["tools"] = new JsonArray([.. tools.Select(t => (JsonNode)new JsonObject
            {
                ["title"] = t.Name,
                ["value"] = t.Id.ToString(CultureInfo.InvariantCulture),
            })]),
            ["hasTools"] = tools.Count > 0,
            ["form"] = new JsonObject
            {
                ["toolId"] = form.ToolId,
                ["newTool"] = form.NewTool,
                ["title"] = form.Title,
                ["description"] = form.Description,
                ["prerequisites"] = form.Prerequisites,
                ["date"] = form.Date,
                ["start"] = form.Start,
                ["end"] = form.End,
                ["place"] = form.Place,
                ["onlineUrl"] = form.OnlineUrl,
                ["trainer"] = form.Trainer,
                // Input.Number wants a number: what was typed, or 0 when it was no whole number (the message says so).
                ["capacity"] = int.TryParse(form.Capacity, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : 0,
                ["announce"] = form.Announce ? "true" : "false",
            },
        };
    }
}

/// <summary>A checked form: times in UTC, the tool by id or (new) by name.</summary>
public sealed record SessionValues(
    long? ToolId, string NewTool, string Title, string Description, string Prerequisites,
    DateTime StartsAtUtc, DateTime EndsAtUtc, string Place, string OnlineUrl, string Trainer, int Capacity, bool Announce)
{
    public void ApplyTo(TrainingSession s, long toolId)
    {
        ArgumentNullException.ThrowIfNull(s);
        s.ToolId = toolId;
        s.Title = Title;
        s.Description = Description;
        s.Prerequisites = Prerequisites;
        s.StartsAtUtc = StartsAtUtc;
        s.EndsAtUtc = EndsAtUtc;
        s.Place = Place;
        s.OnlineUrl = OnlineUrl;
        s.Trainer = Trainer;
        s.Capacity = Capacity;
    }
}
