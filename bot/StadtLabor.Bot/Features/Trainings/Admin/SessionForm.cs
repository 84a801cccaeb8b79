using System.Globalization;
using System.Text.Json.Nodes;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Trainings.Admin;

/// <summary>A message about one field of the session form, shown right under that field and in the summary.</summary>
public sealed record FieldError(string Field, string Text);

/// <summary>
/// The outcome of checking a form: <see cref="Values"/> only when it may be saved. <see cref="Warning"/> is set when
/// the day is a weekend or an NRW holiday that was not confirmed yet; <see cref="WarnedDay"/> is the day a
/// "Trotzdem …" click confirms (empty while there are errors to fix first).
/// </summary>
public sealed record FormCheck(SessionValues? Values, IReadOnlyList<FieldError> Errors, string Warning, string WarnedDay);

/// <summary>
/// What the lab team typed into the session form (cards/trainings/form), as text exactly as entered, so a refused
/// form comes back with every value kept. <see cref="Check"/> turns it into a checked <see cref="SessionValues"/>.
/// </summary>
public sealed record SessionForm(
    string ToolId, string NewTool, string Title, string Description, string Prerequisites,
    string Date, string Start, string End, string Place, string OnlineUrl, string Trainer, string Capacity, bool Announce,
    string AllowDay = "")
{
    /// <summary>The tool choice that means "a new tool, named in the field below".</summary>
    public const string NewToolChoice = "new";

    internal const string DateFormat = "yyyy-MM-dd";
    private const string TimeFormat = "HH:mm";

    public static SessionForm Read(JsonObject data) => new(
        CardInput.Text(data, "toolId"), CardInput.Text(data, "newTool"), CardInput.Text(data, "title"),
        CardInput.Text(data, "description"), CardInput.Text(data, "prerequisites"), CardInput.Text(data, "date"),
        CardInput.Text(data, "start"), CardInput.Text(data, "end"), CardInput.Text(data, "place"),
        CardInput.Text(data, "onlineUrl"), CardInput.Text(data, "trainer"),
        CardInput.WholeNumber(data, "capacity")?.ToString(CultureInfo.InvariantCulture) ?? CardInput.Text(data, "capacity"),
        CardInput.Flag(data, "announce"), CardInput.Text(data, "allowDay"));

    /// <summary>An empty form for a new session: the first working day a week or more from now, 10 seats.</summary>
    public static SessionForm Blank(DateTime nowUtc)
    {
        var day = DateOnly.FromDateTime(TrainingTime.ToBerlin(nowUtc)).AddDays(7);
        while (!WorkingDays.IsWorkingDay(day)) day = day.AddDays(1);
        return new("", "", "", "", "", day.ToString(DateFormat, CultureInfo.InvariantCulture), "10:00", "12:00", "", "", "", "10", true);
    }

    /// <summary>The form prefilled with a stored session (Berlin wall clock).</summary>
    public static SessionForm Of(TrainingSession s)
    {
        ArgumentNullException.ThrowIfNull(s);
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
    /// to the next day: sessions over midnight do not happen in the lab. A weekend or holiday is not an error (a
    /// Saturday workshop may be meant) but needs a second, explicit click; <paramref name="keptDay"/> (the day an
    /// edited session already has) was decided before and is not asked about again.
    /// </summary>
    public FormCheck Check(AdminWords words, DateTime nowUtc, DateOnly? keptDay = null)
    {
        ArgumentNullException.ThrowIfNull(words);
        var errors = new List<FieldError>();
        void Add(string field, string text) => errors.Add(new FieldError(field, text));
        void Length(string field, string value, int max)
        {
            if (value.Length > max) Add(field, words.Format("trainingsAdmin.error.tooLong", words.Word($"trainingsAdmin.form.{field}"), max));
        }

        long? toolId = long.TryParse(ToolId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0 ? id : null;
        if (NewTool.Length == 0 && ToolId == NewToolChoice) Add("newTool", words.Word("trainingsAdmin.error.newToolMissing"));
        else if (toolId is null && NewTool.Length == 0) Add("tool", words.Word("trainingsAdmin.error.toolMissing"));
        Length("newTool", NewTool, TrainingLimits.ToolName);
        if (Title.Length == 0) Add("title", words.Word("trainingsAdmin.error.titleMissing"));
        Length("title", Title, TrainingLimits.Title);
        Length("description", Description, TrainingLimits.Description);
        Length("prerequisites", Prerequisites, TrainingLimits.Description);

        var hasDate = DateOnly.TryParseExact(Date, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date);
        var hasStart = TimeOnly.TryParseExact(Start, [TimeFormat, "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var start);
        var hasEnd = TimeOnly.TryParseExact(End, [TimeFormat, "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var end);
        if (!hasDate) Add("date", words.Word("trainingsAdmin.error.dateMissing"));
        if (!hasStart) Add("start", words.Word("trainingsAdmin.error.startMissing"));
        if (!hasEnd) Add("end", words.Word("trainingsAdmin.error.endMissing"));
        DateTime startUtc = default, endUtc = default;
        if (hasDate && hasStart && hasEnd)
        {
            startUtc = TrainingTime.ToUtc(date.ToDateTime(start));
            endUtc = TrainingTime.ToUtc(date.ToDateTime(end));
            if (startUtc <= nowUtc) Add("date", words.Word("trainingsAdmin.error.past"));
            if (endUtc <= startUtc) Add("end", words.Word("trainingsAdmin.error.endBeforeStart"));
        }

        var capacityOk = int.TryParse(Capacity, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var capacity)
            && capacity is >= 1 and <= TrainingLimits.MaxCapacity;
        if (!capacityOk) Add("capacity", words.Format("trainingsAdmin.error.capacity", TrainingLimits.MaxCapacity));
        Length("place", Place, TrainingLimits.Place);
        if (OnlineUrl.Length > 0 && !(Uri.TryCreate(OnlineUrl, UriKind.Absolute, out var url) && url.Scheme == Uri.UriSchemeHttps
            && url.Host.Length > 0))
            Add("onlineUrl", words.Word("trainingsAdmin.error.onlineUrl"));
        Length("onlineUrl", OnlineUrl, TrainingLimits.Url);
        Length("trainer", Trainer, TrainingLimits.Name);

        var warning = hasDate && date != keptDay ? WorkingDays.Warning(words, date, nowUtc) : "";
        var confirmed = warning.Length > 0 && AllowDay == Date;
        if (errors.Count > 0) return new(null, errors, confirmed ? "" : warning, "");
        if (warning.Length > 0 && !confirmed) return new(null, errors, warning, Date);
        return new(new SessionValues(toolId, NewTool, Title, Description, Prerequisites, startUtc, endUtc, Place, OnlineUrl,
            Trainer, capacity, Announce), errors, "", "");
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
