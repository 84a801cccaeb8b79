using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Features.Trainings.Admin;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Outbox;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.TrainingSeed;

namespace StadtLabor.Bot.IntegrationTests.Trainings;

/// <summary>
/// The lab team manages sessions in the chat, through HTTP as Teams sends the clicks, on SQLite and PostgreSQL:
/// create with every validation rule, a double submit, edit (time change told, seats never below those taken, more
/// seats offered to the waitlist), cancelling a session, interest notices and the channel announcement; each message
/// next to its field and in the summary above the button; the weekend and holiday warning; buttons that name their session.
/// </summary>
public abstract class SessionAdminTests<TBot>(TBot fixture) where TBot : BotFixture
{
    protected TBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    private static readonly Persona Anna = Colleague(9101);
    private static readonly Persona Ben = Colleague(9102);
    private static readonly Persona Carla = Colleague(9103);

    private Task<JsonObject> ClickAsync(Persona p, string verb, JsonObject? data = null) => TrainingSeed.ClickAsync(Bot, p, verb, data);

    /// <summary>A lab-team click; the data is copied, so one form can be sent again (as a second click sends the card's values again).</summary>
    private Task<JsonObject> AdminAsync(string verb, JsonObject? data = null) => ClickAsync(LabTeam, verb, data?.DeepClone().AsObject());

    private static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    private static DateOnly Today => DateOnly.FromDateTime(TrainingTime.ToBerlin(DateTime.UtcNow));

    /// <summary>
    /// The first working day n or more days from today (Berlin), as Input.Date sends it: a weekend or holiday would
    /// make the form ask first, which the tests of other rules do not want.
    /// </summary>
    private static string Day(int daysAhead)
    {
        var day = Today.AddDays(daysAhead);
        while (!WorkingDays.IsWorkingDay(day)) day = day.AddDays(1);
        return Iso(day);
    }

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static JsonObject Form(string title, string newTool = "", long toolId = 0, int daysAhead = 10, string start = "10:00",
        string end = "12:00", string capacity = "8", bool announce = false, long sessionId = 0) => new()
    {
        ["toolId"] = toolId > 0 ? toolId.ToString(CultureInfo.InvariantCulture) : "",
        ["newTool"] = newTool,
        ["title"] = title,
        ["description"] = "Board anlegen, Ideen sammeln, gemeinsam sortieren.",
        ["prerequisites"] = "Laptop mit Browser",
        ["date"] = Day(daysAhead),
        ["start"] = start,
        ["end"] = end,
        ["place"] = "stadtLABOR, Raum 1.12",
        ["onlineUrl"] = "",
        ["trainer"] = "Jana Becker",
        ["capacity"] = capacity,
        ["announce"] = announce ? "true" : "false",
        ["sessionId"] = sessionId,
    };

    /// <summary>A session on the first working day n days ahead, 10:00–12:00 Berlin, so the edit form can repeat its time exactly.</summary>
    private Task<(long Id, long ToolId)> SeedAsync(int capacity, int daysAhead = 10) =>
        SeedOnAsync(capacity, DateOnly.ParseExact(Day(daysAhead), "yyyy-MM-dd", CultureInfo.InvariantCulture));

    private async Task<(long Id, long ToolId)> SeedOnAsync(int capacity, DateOnly day, string title = "Miro für Einsteiger", int hour = 10)
    {
        var tool = Unique("Tool");
        var start = TrainingTime.ToUtc(day.ToDateTime(new TimeOnly(hour, 0)));
        var id = await SessionAsync(Bot, capacity, tool: tool, title: title, adjust: s =>
        {
            s.StartsAtUtc = start;
            s.EndsAtUtc = start.AddHours(2);
        });
        return (id, await ToolAsync(Bot, tool));
    }

    private Task<TrainingSession?> FindAsync(string title) =>
        Bot.WithDbAsync(db => db.TrainingSessions().AsNoTracking().SingleOrDefaultAsync(s => s.Title == title));

    private Task<TrainingSession> SessionRowAsync(long id) =>
        Bot.WithDbAsync(db => db.TrainingSessions().AsNoTracking().SingleAsync(s => s.Id == id));

    private Task<List<OutboxMessage>> OutboxAsync(string keyPrefix) =>
        Bot.WithDbAsync(db => db.OutboxMessages().AsNoTracking().Where(m => m.DedupeKey.StartsWith(keyPrefix)).ToListAsync());

    [Fact]
    public async Task Create_ValidForm_PublishedAndInStaffList()
    {
        var title = Unique("Miro kompakt");
        var tool = Unique("Miro");

        // Tomorrow (or the next working day): early enough to be on the manage card whatever other tests added.
        var card = await AdminAsync("trainings.create", Form(title, newTool: tool, daysAhead: 1));

        Assert.Contains(Word.De("trainingsAdmin.done.created"), Words(card), StringComparison.Ordinal);
        var session = await FindAsync(title);
        Assert.NotNull(session);
        Assert.Equal(SessionStatus.Published, session.Status);
        Assert.Equal(8, session.Capacity);
        Assert.Equal(LabTeam.AadObjectId, session.CreatedByAadObjectId);
        Assert.Equal(TimeSpan.FromHours(2), session.EndsAtUtc - session.StartsAtUtc);
        Assert.Equal(new TimeOnly(10, 0), TimeOnly.FromDateTime(TrainingTime.ToBerlin(session.StartsAtUtc)));
        Assert.Contains(title, Words(card), StringComparison.Ordinal); // on the manage card

        var toolId = await ToolAsync(Bot, tool);
        var list = await ClickAsync(Anna, "trainings.list", new JsonObject { ["toolId"] = toolId.ToString(CultureInfo.InvariantCulture) });
        Assert.Contains(title, Words(list), StringComparison.Ordinal);
        Assert.Contains(Word.De("trainings.seatsFree", 8, 8), Words(list), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(SessionAdminData.InvalidFields), MemberType = typeof(SessionAdminData))]
    public async Task Create_InvalidField_MessageUnderItsFieldAndInSummaryValuesKeptNothingCreated(string field, string value, string message, string input)
    {
        var title = Unique("Abgelehnt");
        var tool = Unique("NeuesTool");
        var form = Form(title, newTool: tool);
        form[field] = value switch
        {
            "past" => Iso(Today.AddDays(-1)),
            "long" => new string('x', 201),
            _ => value,
        };
        if (value == "new") form["newTool"] = ""; // "Neues Tool" chosen, its name left empty

        var card = await AdminAsync("trainings.create", form);

        Assert.Contains(message, FormCards.MessageUnder(card, input), StringComparison.Ordinal);
        Assert.Contains(message, FormCards.Summary(card), StringComparison.Ordinal);
        Assert.Equal("trainings.create", Actions(card)[0]["verb"]!.GetValue<string>()); // the form again, the button right below the summary
        Assert.Contains("Board anlegen, Ideen sammeln", card.ToJsonString(), StringComparison.Ordinal); // values kept
        if (field != "title") Assert.Contains(title, card.ToJsonString(), StringComparison.Ordinal);
        Assert.Null(await FindAsync(title));
        Assert.False(await Bot.WithDbAsync(db => db.TrainingTools().AnyAsync(t => t.Name == tool)));
    }

    [Fact]
    public async Task NewForm_RequiredFieldsMarkedAndAnnounceOffered()
    {
        var card = await AdminAsync("trainings.new");

        foreach (var id in new[] { "toolId", "title", "date", "start", "end", "capacity" })
        {
            var input = FormCards.Input(card, id);
            Assert.True(input["isRequired"]?.GetValue<bool>(), $"{id} is not marked required");
            Assert.False(string.IsNullOrWhiteSpace(input["label"]?.GetValue<string>()), $"{id} has no label");
            Assert.False(string.IsNullOrWhiteSpace(input["errorMessage"]?.GetValue<string>()), $"{id} has no error message");
        }
        Assert.Contains("announce", FormCards.InputIds(card)); // a channel is configured here
        Assert.True(WorkingDays.IsWorkingDay(DateOnly.ParseExact(FormCards.Input(card, "date")["value"]!.GetValue<string>(), "yyyy-MM-dd",
            CultureInfo.InvariantCulture)), "the blank form proposes a working day");
    }

    [Fact]
    public async Task Create_OnChristmasDay_WarnedWithTheHolidayValuesKeptThenSavedAnyway()
    {
        var year = Today >= new DateOnly(Today.Year, 12, 20) ? Today.Year + 1 : Today.Year;
        var christmas = new DateOnly(year, 12, 25);
        var title = Unique("Weihnachtsschulung");
        var tool = Unique("Miro");
        var form = Form(title, newTool: tool);
        form["date"] = Iso(christmas);

        var card = await AdminAsync("trainings.create", form);

        var warning = Word.De("trainingsAdmin.warning.holiday", Wording.Day(Strings.German, christmas, DateTime.UtcNow),
            Word.De("trainingsAdmin.holiday.christmasDay"));
        Assert.Contains("1. Weihnachtstag", warning, StringComparison.Ordinal);
        Assert.Contains(FormCards.BlocksUnder(card, "date"), b => Words(b) == warning);
        Assert.Contains(warning, FormCards.Summary(card), StringComparison.Ordinal);
        var submit = Actions(card)[0];
        Assert.Equal(Word.De("trainingsAdmin.form.publishAnyway", Wording.Day(Strings.German, christmas, DateTime.UtcNow)), submit["title"]!.GetValue<string>());
        Assert.Equal(Iso(christmas), submit["data"]!["allowDay"]!.GetValue<string>());
        Assert.Equal(title, FormCards.Input(card, "title")["value"]!.GetValue<string>());
        Assert.Equal("Board anlegen, Ideen sammeln, gemeinsam sortieren.", FormCards.Input(card, "description")["value"]!.GetValue<string>());
        Assert.Equal(Iso(christmas), FormCards.Input(card, "date")["value"]!.GetValue<string>());
        Assert.Null(await FindAsync(title));
        Assert.False(await Bot.WithDbAsync(db => db.TrainingTools().AnyAsync(t => t.Name == tool)));

        // "Trotzdem am Fr., 25. Dez. veröffentlichen": the values of the card plus the day the click confirms.
        form["allowDay"] = submit["data"]!["allowDay"]!.DeepClone();
        var saved = await AdminAsync("trainings.create", form);

        Assert.Contains(Word.De("trainingsAdmin.done.created"), Words(saved), StringComparison.Ordinal);
        var session = await FindAsync(title);
        Assert.NotNull(session);
        Assert.Equal(christmas, DateOnly.FromDateTime(TrainingTime.ToBerlin(session.StartsAtUtc)));
    }

    [Fact]
    public async Task Create_OnSaturday_WarnedUntilConfirmedForThatVeryDay()
    {
        var saturday = Today.AddDays(3);
        while (saturday.DayOfWeek != DayOfWeek.Saturday || StadtLabor.Jobs.NrwHolidays.IsHoliday(saturday)) saturday = saturday.AddDays(1);
        var title = Unique("Samstagsworkshop");
        var form = Form(title, newTool: Unique("Trello"));
        form["date"] = Iso(saturday);

        var first = await AdminAsync("trainings.create", form);
        form["allowDay"] = Iso(saturday.AddDays(1)); // a confirmation for another day does not count
        var second = await AdminAsync("trainings.create", form);

        var warning = Word.De("trainingsAdmin.warning.weekend", Wording.Day(Strings.German, saturday, DateTime.UtcNow));
        foreach (var card in new[] { first, second })
        {
            Assert.Contains(FormCards.BlocksUnder(card, "date"), b => Words(b) == warning);
            Assert.Contains(warning, FormCards.Summary(card), StringComparison.Ordinal);
            Assert.Equal(Iso(saturday), Actions(card)[0]["data"]!["allowDay"]!.GetValue<string>());
        }
        Assert.Null(await FindAsync(title));

        form["allowDay"] = Iso(saturday);
        await AdminAsync("trainings.create", form);
        Assert.NotNull(await FindAsync(title));
    }

    [Fact]
    public async Task Edit_SessionAlreadyOnSunday_SavedWithoutAskingAgain_AnotherWeekendDayAsks()
    {
        var sunday = Today.AddDays(3);
        while (sunday.DayOfWeek != DayOfWeek.Sunday) sunday = sunday.AddDays(1);
        var (id, toolId) = await SeedOnAsync(capacity: 4, sunday);
        var form = Form("Miro am Sonntag", toolId: toolId, capacity: "4", sessionId: id);
        form["date"] = Iso(sunday);

        var saved = await AdminAsync("trainings.update", form);

        Assert.Contains(Word.De("trainingsAdmin.done.updated"), Words(saved), StringComparison.Ordinal);
        Assert.Equal("Miro am Sonntag", (await SessionRowAsync(id)).Title);

        form["date"] = Iso(sunday.AddDays(6)); // the Saturday after: new, so asked
        form["title"] = "Miro am Samstag";
        var asked = await AdminAsync("trainings.update", form);

        Assert.Contains(Word.De("trainingsAdmin.form.saveAnyway", Wording.Day(Strings.German, sunday.AddDays(6), DateTime.UtcNow)),
            Actions(asked)[0]["title"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("Miro am Sonntag", (await SessionRowAsync(id)).Title);
    }

    [Fact]
    public async Task Manage_SameTitleTwice_EveryButtonUniqueAndNamesItsSession()
    {
        // Earlier than every other session of this fixture, so all are on the (limited) card.
        var title = Unique("Doppelt benannt");
        var now = DateTime.UtcNow;
        var first = await SessionAsync(Bot, capacity: 3, title: title, startsIn: TimeSpan.FromMinutes(50));
        var second = await SessionAsync(Bot, capacity: 3, title: title, startsIn: TimeSpan.FromMinutes(110));
        var later = await SessionAsync(Bot, capacity: 3, title: title, startsIn: TimeSpan.FromHours(26));
        await ClickAsync(Anna, "trainings.signUp", Session(first));

        var card = await AdminAsync("trainings.manage");

        var titles = Actions(card).Select(a => a["title"]!.GetValue<string>()).ToList();
        Assert.Equal(titles.Count, titles.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(Word.De("trainingsAdmin.newSession"), titles[0]); // "Neuer Termin" on top
        var rows = new List<TrainingSession>();
        foreach (var id in new[] { first, second, later }) rows.Add(await SessionRowAsync(id));
        string DayOf(TrainingSession s) => Wording.Day(Strings.German, DateOnly.FromDateTime(TrainingTime.ToBerlin(s.StartsAtUtc)), now);
        foreach (var s in rows)
        {
            var sameDay = rows.Count(o => DayOf(o) == DayOf(s)) > 1;
            var name = Word.De("trainingsAdmin.row.session", title, sameDay ? Wording.Moment(Strings.German, s.StartsAtUtc, now) : DayOf(s));
            var buttons = Actions(card).Where(a => a["data"]?["sessionId"]?.GetValue<long>() == s.Id).Select(a => a["title"]!.GetValue<string>()).ToList();
            Assert.Equal([Word.De("trainingsAdmin.row.participants", name), Word.De("trainingsAdmin.row.edit", name),
                Word.De("trainingsAdmin.row.cancel", name)], buttons);
        }
        // The destructive one is last in its row and not styled as the prominent one.
        Assert.All(Actions(card).Where(a => a["verb"]!.GetValue<string>() == "trainings.cancelSession"), a => Assert.Null(a["style"]));
        Assert.Contains(Word.De("trainingsAdmin.seats", 1, 3, Word.De("trainingsAdmin.waitlist.none")), Words(card), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_SameSubmitDeliveredTwice_OneSession()
    {
        var title = Unique("Doppelt");
        var tool = Unique("Trello");
        var submit = Execute(Bot, LabTeam, "trainings.create", Form(title, newTool: tool), conversationId: Chat(LabTeam));

        await Bot.InvokeAsync(submit);
        await Bot.InvokeAsync(submit); // Teams re-delivers the same activity
        var upper = tool.ToUpperInvariant();
        var again = await AdminAsync("trainings.create", Form(title, newTool: upper)); // and a second click, tool name in capitals

        Assert.Contains(Word.De("trainingsAdmin.done.duplicate"), Words(again), StringComparison.Ordinal);
        Assert.Equal(1, await Bot.WithDbAsync(db => db.TrainingSessions().CountAsync(s => s.Title == title)));
        Assert.Equal(1, await Bot.WithDbAsync(db => db.TrainingTools().CountAsync(t => t.Name == tool || t.Name == upper)));
    }

    [Fact]
    public async Task Staff_AdminVerbsAndCommand_DeniedAndNothingCreated()
    {
        var title = Unique("Verboten");

        var card = await ClickAsync(Erika, "trainings.create", Form(title, newTool: Unique("Tool")));

        Assert.DoesNotContain("trainings.update", card.ToJsonString(), StringComparison.Ordinal);
        Assert.Null(await FindAsync(title));
        Assert.DoesNotContain("trainings.edit", Verbs(await ClickAsync(Erika, "trainings.manage")));
    }

    [Fact]
    public async Task Manage_Command_ListsSessionsWithCancelledMarked()
    {
        // Tomorrow: before every other session of this fixture, so both are on the (limited) card.
        var (open, _) = await SeedAsync(capacity: 4, daysAhead: 1);
        var (cancelled, _) = await SeedAsync(capacity: 4, daysAhead: 1);
        await AdminAsync("trainings.cancelSessionConfirmed", Session(cancelled));

        // The lab team's chat also gets the outbox's notices of other tests: wait for the reply to this message.
        var typed = Message(Bot, LabTeam, "Schulungen verwalten", conversationId: Chat(LabTeam));
        using (await Bot.PostAsync(typed)) { }

        var card = CardIn(await Bot.Connector.WaitForReplyToAsync(Chat(LabTeam), typed["id"]!.GetValue<string>()))!;
        Assert.Contains("trainings.new", Verbs(card));
        Assert.Contains(Word.De("trainingsAdmin.cancelledMark"), Words(card), StringComparison.Ordinal);
        var json = card.ToJsonString();
        Assert.Contains($"\"sessionId\":{open}", json, StringComparison.Ordinal);
        Assert.Contains("trainings.edit", Verbs(card));
        Assert.Contains("trainings.cancelSession", Verbs(card));
    }

    [Fact]
    public async Task Edit_Form_PrefilledWithTheSession()
    {
        var (id, toolId) = await SeedAsync(capacity: 6);

        var card = await AdminAsync("trainings.edit", Session(id));

        var json = card.ToJsonString();
        Assert.Contains(Word.De("trainingsAdmin.form.editTitle"), Words(card), StringComparison.Ordinal);
        Assert.Contains("trainings.update", Verbs(card));
        Assert.Contains(Day(10), json, StringComparison.Ordinal);
        Assert.Contains("\"10:00\"", json, StringComparison.Ordinal);
        Assert.Contains("\"12:00\"", json, StringComparison.Ordinal);
        Assert.Contains($"\"value\":\"{toolId}\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Edit_TimeChanged_BookedOfferedAndWaitlistedToldAndScheduleVersionBumped()
    {
        var (id, toolId) = await SeedAsync(capacity: 1);
        await ClickAsync(Anna, "trainings.signUp", Session(id));
        await ClickAsync(Ben, "trainings.signUp", Session(id));
        await ClickAsync(Carla, "trainings.signUp", Session(id));
        await ClickAsync(Carla, "trainings.cancel", ConfirmedCancel(id)); // left: not told
        var before = await SessionRowAsync(id);

        var card = await AdminAsync("trainings.update", Form("Miro für Einsteiger", toolId: toolId, start: "14:00", end: "16:00",
            capacity: "1", sessionId: id));

        Assert.Contains(Word.De("trainingsAdmin.done.notified", 2), Words(card), StringComparison.Ordinal);
        var after = await SessionRowAsync(id);
        Assert.Equal(before.ScheduleVersion + 1, after.ScheduleVersion);
        Assert.Equal(new TimeOnly(14, 0), TimeOnly.FromDateTime(TrainingTime.ToBerlin(after.StartsAtUtc)));
        var told = await OutboxAsync($"trainings.changed:{id}:");
        Assert.Equal([Anna.AadObjectId, Ben.AadObjectId], told.Select(m => m.UserAadObjectId).Order(StringComparer.Ordinal));

        // The same save again: nothing changed, nobody told twice, no new version.
        await AdminAsync("trainings.update", Form("Miro für Einsteiger", toolId: toolId, start: "14:00", end: "16:00", capacity: "1", sessionId: id));
        Assert.Equal(2, (await OutboxAsync($"trainings.changed:{id}:")).Count);
        Assert.Equal(after.ScheduleVersion, (await SessionRowAsync(id)).ScheduleVersion);

        var sent = await OutboxHelpers.WaitForStatusAsync(Bot, told.Single(m => m.UserAadObjectId == Anna.AadObjectId).DedupeKey, OutboxStatus.Sent);
        Assert.NotNull(sent.SentActivityId);
    }

    [Fact]
    public async Task Edit_MovedThenCancelled_CalendarLinkUpdatesThenWithdrawsTheSameEntry()
    {
        var (id, toolId) = await SeedAsync(capacity: 2);
        var card = await ClickAsync(Anna, "trainings.signUp", Session(id));
        var link = Regex.Match(card.ToJsonString(), "\"url\":\"(https?://[^\"]+/calendar/[^\"]+\\.ics)\"").Groups[1].Value;
        Assert.NotEmpty(link);

        var booked = await IcsAsync(link);
        var again = await IcsAsync(link);
        await AdminAsync("trainings.update", Form("Miro für Einsteiger", toolId: toolId, start: "14:00", end: "16:00", sessionId: id));
        var moved = await IcsAsync(link);
        await AdminAsync("trainings.cancelSessionConfirmed", Session(id));
        var withdrawn = await IcsAsync(link);

        Assert.Equal(Line(booked, "UID:"), Line(again, "UID:"));
        Assert.Equal(Line(booked, "SEQUENCE:"), Line(again, "SEQUENCE:"));
        Assert.Equal(Line(booked, "UID:"), Line(moved, "UID:"));
        Assert.True(Sequence(moved) > Sequence(booked));
        var row = await SessionRowAsync(id);
        Assert.Equal($"{row.StartsAtUtc:yyyyMMdd'T'HHmmss}Z", Line(moved, "DTSTART:"));
        Assert.Equal("PUBLISH", Line(moved, "METHOD:"));
        Assert.Equal(Line(booked, "UID:"), Line(withdrawn, "UID:"));
        Assert.Equal("CANCEL", Line(withdrawn, "METHOD:"));
        Assert.Equal("CANCELLED", Line(withdrawn, "STATUS:"));
        Assert.True(Sequence(withdrawn) > Sequence(moved));
    }

    private async Task<string> IcsAsync(string url)
    {
        using var response = await Bot.Http.GetAsync(new Uri(url).PathAndQuery);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static string Line(string ics, string name) =>
        ics.Split("\r\n").Single(l => l.StartsWith(name, StringComparison.Ordinal))[name.Length..];

    private static int Sequence(string ics) => int.Parse(Line(ics, "SEQUENCE:"), CultureInfo.InvariantCulture);

    [Fact]
    public async Task Edit_MovedCloser_OpenOfferNeverRunsPastTheNewStart()
    {
        var (id, toolId) = await SeedAsync(capacity: 1, daysAhead: 10);
        await ClickAsync(Anna, "trainings.signUp", Session(id));
        await ClickAsync(Ben, "trainings.signUp", Session(id));
        await ClickAsync(Anna, "trainings.cancel", ConfirmedCancel(id)); // Ben holds an offer for 24 h

        await AdminAsync("trainings.update", Form("Miro für Einsteiger", toolId: toolId, daysAhead: 1, start: "23:00", end: "23:30",
            capacity: "1", sessionId: id));

        var session = await SessionRowAsync(id);
        var ben = (await RegistrationsAsync(Bot, id)).Single(r => r.UserAadObjectId == Ben.AadObjectId);
        Assert.Equal(RegistrationStatus.Offered, ben.Status);
        Assert.True(ben.OfferExpiresAtUtc < session.StartsAtUtc, "the offer must end before the new start");
        Assert.True(ben.OfferExpiresAtUtc <= DateTime.UtcNow + (session.StartsAtUtc - DateTime.UtcNow) / 2 + TimeSpan.FromMinutes(1),
            "close to the start an offer lasts at most half the time left");
    }

    [Fact]
    public async Task List_LabTeamSeesManageButton_StaffDoesNot()
    {
        await SeedAsync(capacity: 2);

        Assert.Contains("trainings.manage", Verbs(await AdminAsync("trainings.list")));
        Assert.DoesNotContain("trainings.manage", Verbs(await ClickAsync(Anna, "trainings.list")));
    }

    [Fact]
    public async Task Manage_RecentSession_ListedWithAttendanceAndFeedback()
    {
        var title = Unique("Vorbei");
        var id = await SessionAsync(Bot, capacity: 4, title: title, startsIn: TimeSpan.FromDays(-2));

        var card = await AdminAsync("trainings.manage");

        Assert.Contains(title, Words(card), StringComparison.Ordinal);
        var json = card.ToJsonString();
        Assert.Contains("trainings.participants", Verbs(card));
        Assert.Contains("trainings.feedbackResults", Verbs(card));
        Assert.Contains($"\"sessionId\":{id}", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Edit_PlaceOnlyChanged_ToldButScheduleVersionKept()
    {
        var (id, toolId) = await SeedAsync(capacity: 3);
        await ClickAsync(Anna, "trainings.signUp", Session(id));
        var form = Form("Miro für Einsteiger", toolId: toolId, capacity: "3", sessionId: id);
        form["place"] = "Rathaus, Sitzungssaal";

        await AdminAsync("trainings.update", form);

        var after = await SessionRowAsync(id);
        Assert.Equal("Rathaus, Sitzungssaal", after.Place);
        Assert.Equal(0, after.ScheduleVersion);
        Assert.Single(await OutboxAsync($"trainings.changed:{id}:"));
    }

    [Fact]
    public async Task Edit_CapacityBelowSeatsTaken_RefusedWithMessage()
    {
        var (id, toolId) = await SeedAsync(capacity: 3);
        await ClickAsync(Anna, "trainings.signUp", Session(id));
        await ClickAsync(Ben, "trainings.signUp", Session(id));

        var newTool = Unique("NichtAngelegt");
        var card = await AdminAsync("trainings.update", Form("Neu", newTool: newTool, toolId: toolId, start: "14:00", end: "16:00",
            capacity: "1", sessionId: id));

        Assert.Contains(Word.De("trainingsAdmin.error.capacityBelowTaken", 2), Words(card), StringComparison.Ordinal);
        var after = await SessionRowAsync(id);
        Assert.Equal(3, after.Capacity);
        Assert.Equal("Miro für Einsteiger", after.Title);
        Assert.Equal(0, after.ScheduleVersion);
        Assert.Equal(toolId, after.ToolId);
        Assert.False(await Bot.WithDbAsync(db => db.TrainingTools().AnyAsync(t => t.Name == newTool)));
        Assert.Empty(await OutboxAsync($"trainings.changed:{id}:"));
    }

    [Fact]
    public async Task Edit_CapacityIncreased_SeatOfferedToFirstInLine()
    {
        var (id, toolId) = await SeedAsync(capacity: 1);
        await ClickAsync(Anna, "trainings.signUp", Session(id));
        await ClickAsync(Ben, "trainings.signUp", Session(id));
        await ClickAsync(Carla, "trainings.signUp", Session(id));

        await AdminAsync("trainings.update", Form("Miro für Einsteiger", toolId: toolId, capacity: "2", sessionId: id));

        var all = await RegistrationsAsync(Bot, id);
        Assert.Equal([RegistrationStatus.Booked, RegistrationStatus.Offered, RegistrationStatus.Waitlisted], all.Select(r => r.Status));
        Assert.Equal(2, (await SessionRowAsync(id)).Capacity);
        await OutboxHelpers.WaitForStatusAsync(Bot, Waitlist.OfferKey(all[1]), OutboxStatus.Sent);
        Assert.Empty(await OutboxAsync($"trainings.changed:{id}:")); // time and place unchanged
    }

    [Fact]
    public async Task CancelSession_AsksFirst_ThenCancelsEveryoneAndTellsThem_SecondTimeChangesNothing()
    {
        var (id, _) = await SeedAsync(capacity: 1);
        await ClickAsync(Anna, "trainings.signUp", Session(id));
        await ClickAsync(Ben, "trainings.signUp", Session(id));
        await ClickAsync(Carla, "trainings.signUp", Session(id));
        await ClickAsync(Anna, "trainings.cancel", ConfirmedCancel(id)); // Ben gets the offer, Carla waits

        var ask = await AdminAsync("trainings.cancelSession", Session(id));
        Assert.Contains(Word.De("trainingsAdmin.confirm.affected.other", 2), Words(ask), StringComparison.Ordinal);
        var row = await SessionRowAsync(id);
        var day = Wording.Day(Strings.German, DateOnly.FromDateTime(TrainingTime.ToBerlin(row.StartsAtUtc)), DateTime.UtcNow);
        Assert.Equal(Word.De("trainingsAdmin.confirm.title", row.Title, day), Words(ask["body"]![1]));
        // The safe answer first; "Ja, Termin absagen" never the first or most prominent button.
        Assert.Equal(["trainings.manage", "trainings.cancelSessionConfirmed", "menu.show"], Verbs(ask));
        Assert.Equal([Word.De("trainingsAdmin.confirm.no"), Word.De("trainingsAdmin.confirm.yes")],
            Actions(ask).Take(2).Select(a => a["title"]!.GetValue<string>()));
        Assert.Equal("positive", Actions(ask)[0]["style"]!.GetValue<string>());
        Assert.Equal(SessionStatus.Published, (await SessionRowAsync(id)).Status);

        var done = await AdminAsync("trainings.cancelSessionConfirmed", Session(id));

        Assert.Contains(Word.De("trainingsAdmin.done.cancelled", 2), Words(done), StringComparison.Ordinal);
        Assert.Equal(SessionStatus.Cancelled, (await SessionRowAsync(id)).Status);
        Assert.All(await RegistrationsAsync(Bot, id), r => Assert.False(r.IsActive));
        var told = await OutboxAsync($"trainings.sessionCancelled:{id}:");
        Assert.Equal([Ben.AadObjectId, Carla.AadObjectId], told.Select(m => m.UserAadObjectId).Order(StringComparer.Ordinal));

        var again = await AdminAsync("trainings.cancelSessionConfirmed", Session(id));
        Assert.Contains(Word.De("trainingsAdmin.done.alreadyCancelled"), Words(again), StringComparison.Ordinal);
        Assert.Equal(2, (await OutboxAsync($"trainings.sessionCancelled:{id}:")).Count);

        var signUp = await ClickAsync(Anna, "trainings.signUp", Session(id));
        Assert.DoesNotContain("trainings.signUp", Verbs(signUp));
        await OutboxHelpers.WaitForStatusAsync(Bot, told[0].DedupeKey, OutboxStatus.Sent);
    }

    [Fact]
    public async Task Create_ToolWithInterest_EachInterestedToldOnce()
    {
        var tool = Unique("Stackfield");
        var toolId = await ToolAsync(Bot, tool);
        await ClickAsync(Anna, "trainings.interest", new JsonObject { ["toolId"] = toolId });
        await ClickAsync(Ben, "trainings.interest", new JsonObject { ["toolId"] = toolId });

        var card = await AdminAsync("trainings.create", Form(Unique("Stackfield Start"), toolId: toolId));
        await AdminAsync("trainings.create", Form(Unique("Stackfield Vertiefung"), toolId: toolId, daysAhead: 12));

        Assert.Contains(Word.De("trainingsAdmin.done.interested", 2), Words(card), StringComparison.Ordinal);
        var interests = await Bot.WithDbAsync(db => db.TrainingInterests().AsNoTracking().Where(i => i.ToolId == toolId).ToListAsync());
        Assert.All(interests, i => Assert.NotNull(i.NotifiedAtUtc));
        Assert.Single(interests.Select(i => i.NotifiedSessionId).Distinct());
        var told = await OutboxAsync("trainings.interest:");
        var mine = told.Where(m => interests.Any(i => m.DedupeKey == $"trainings.interest:{i.Id}")).ToList();
        Assert.Equal(2, mine.Count);
        await OutboxHelpers.WaitForStatusAsync(Bot, mine[0].DedupeKey, OutboxStatus.Sent);
        var sent = Bot.Connector.CallsFor(Chat(Anna)).Select(CardIn).Where(c => c is not null).Select(Words).ToList();
        Assert.Single(sent, w => w.Contains("du hattest Interesse gemeldet", StringComparison.Ordinal) && w.Contains(tool, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Create_AnnounceOn_PostedOnceToTheConfiguredChannel()
    {
        var added = BotAdded(Bot, LabTeam, SessionAdminData.Channel, "channel");
        added["channelData"]!["team"] = new JsonObject { ["id"] = SessionAdminData.Channel, ["name"] = "stadtLABOR" };
        using (var response = await Bot.PostAsync(added)) Assert.Equal(200, (int)response.StatusCode);
        var title = Unique("Scrum kennenlernen");

        var submit = Execute(Bot, LabTeam, "trainings.create", Form(title, newTool: Unique("Scrum"), announce: true), conversationId: Chat(LabTeam));
        var card = Card(await Bot.InvokeAsync(submit))!;
        await Bot.InvokeAsync(submit);

        Assert.Contains(Word.De("trainingsAdmin.done.announced"), Words(card), StringComparison.Ordinal);
        var session = (await FindAsync(title))!;
        Assert.NotNull(session.AnnouncedAtUtc);
        var message = await OutboxHelpers.WaitForStatusAsync(Bot, $"trainings.announce:{session.Id}", OutboxStatus.Sent);
        Assert.Equal(SessionAdminData.Channel, message.ConversationId);
        var posted = Bot.Connector.CallsFor(SessionAdminData.Channel).Select(CardIn).Where(c => c is not null && Words(c).Contains(title, StringComparison.Ordinal)).ToList();
        Assert.Single(posted);
        Assert.Contains("trainings.detail", Verbs(posted[0]));
    }
}

/// <summary>The announcement channel and the refused forms (outside the generic class: CA1000).</summary>
public static class SessionAdminData
{
    public const string Channel = "19:schulungen-ankuendigung@thread.tacv2";

    public static TheoryData<string, string, string, string> InvalidFields => new()
    {
        { "end", "09:00", Word.De("trainingsAdmin.error.endBeforeStart"), "end" },
        { "end", "10:00", Word.De("trainingsAdmin.error.endBeforeStart"), "end" },
        { "capacity", "0", Word.De("trainingsAdmin.error.capacity", 500), "capacity" },
        { "capacity", "501", Word.De("trainingsAdmin.error.capacity", 500), "capacity" },
        { "capacity", "", Word.De("trainingsAdmin.error.capacity", 500), "capacity" },
        { "date", "past", Word.De("trainingsAdmin.error.past"), "date" },
        { "date", "", Word.De("trainingsAdmin.error.dateMissing"), "date" },
        { "start", "", Word.De("trainingsAdmin.error.startMissing"), "start" },
        { "title", "", Word.De("trainingsAdmin.error.titleMissing"), "title" },
        { "title", "long", Word.De("trainingsAdmin.error.tooLong", Word.De("trainingsAdmin.form.title"), 120), "title" },
        { "newTool", "", Word.De("trainingsAdmin.error.toolMissing"), "toolId" },
        { "toolId", "new", Word.De("trainingsAdmin.error.newToolMissing"), "newTool" },
        { "place", "long", Word.De("trainingsAdmin.error.tooLong", Word.De("trainingsAdmin.form.place"), 200), "place" },
        { "onlineUrl", "http://meet.example.org/x", Word.De("trainingsAdmin.error.onlineUrl"), "onlineUrl" },
        { "onlineUrl", "meet.example.org/x", Word.De("trainingsAdmin.error.onlineUrl"), "onlineUrl" },
        { "onlineUrl", "javascript:alert(1)", Word.De("trainingsAdmin.error.onlineUrl"), "onlineUrl" },
    };
}

/// <summary>The lab team persona and the announcement channel configured.</summary>
public abstract class TrainingsAdminBot : BotFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Roles:LabTeam:0"] = LabTeam.AadObjectId,
        ["Trainings:AnnounceConversationId"] = SessionAdminData.Channel,
    };
}

public sealed class TrainingsAdminSqliteBot : TrainingsAdminBot
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class TrainingsAdminPostgresBot : TrainingsAdminBot
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

/// <summary>
/// No announcement channel configured: the form does not offer the announcement, a stale card that asks for it gets
/// the session published and a plain sentence, and no answer shows a settings key.
/// </summary>
public abstract partial class SessionAdminNoChannelTests<TBot>(TBot fixture) where TBot : BotFixture
{
    protected TBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    [GeneratedRegex(@"\b[A-Z][A-Za-z]+:[A-Z][A-Za-z]+\b")]
    private static partial Regex SettingsKey();

    [Fact]
    public async Task Create_WithoutChannel_NoAnnounceToggleAndNoSettingsKeyInAnyAnswer()
    {
        var title = "Ohne Kanal " + Guid.NewGuid().ToString("N")[..8];
        var day = DateOnly.FromDateTime(TrainingTime.ToBerlin(DateTime.UtcNow)).AddDays(5);
        while (!WorkingDays.IsWorkingDay(day)) day = day.AddDays(1);
        var form = new JsonObject
        {
            ["newTool"] = "Kanalloses Tool",
            ["title"] = title,
            ["date"] = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["start"] = "09:00",
            ["end"] = "11:30",
            ["capacity"] = "12",
            ["announce"] = "true", // from a card sent while a channel was still configured
        };
        var blank = await ClickAsync(Bot, LabTeam, "trainings.new");
        var refusedForm = form.DeepClone().AsObject();
        refusedForm["capacity"] = "0";
        var refused = await ClickAsync(Bot, LabTeam, "trainings.create", refusedForm);

        var created = await ClickAsync(Bot, LabTeam, "trainings.create", form);

        Assert.DoesNotContain("announce", FormCards.InputIds(blank));
        Assert.DoesNotContain("announce", FormCards.InputIds(refused));
        Assert.Contains(Word.De("trainingsAdmin.done.noChannel"), Words(created), StringComparison.Ordinal);
        foreach (var card in new[] { blank, refused, created })
        {
            Assert.DoesNotMatch(SettingsKey(), Words(card));
            Assert.DoesNotContain("AnnounceConversationId", card.ToJsonString(), StringComparison.Ordinal);
        }
        var session = await Bot.WithDbAsync(db => db.TrainingSessions().AsNoTracking().SingleAsync(s => s.Title == title));
        Assert.Null(session.AnnouncedAtUtc);
        Assert.False(await Bot.WithDbAsync(db => db.OutboxMessages().AnyAsync(m => m.DedupeKey == $"trainings.announce:{session.Id}")));
    }
}

public abstract class TrainingsAdminNoChannelBot : BotFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Roles:LabTeam:0"] = LabTeam.AadObjectId,
    };
}

public sealed class TrainingsAdminNoChannelSqliteBot : TrainingsAdminNoChannelBot
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class TrainingsAdminNoChannelPostgresBot : TrainingsAdminNoChannelBot
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

public sealed class SessionAdminNoChannelTests_Sqlite(TrainingsAdminNoChannelSqliteBot bot)
    : SessionAdminNoChannelTests<TrainingsAdminNoChannelSqliteBot>(bot), IClassFixture<TrainingsAdminNoChannelSqliteBot>;

public sealed class SessionAdminNoChannelTests_Postgres(TrainingsAdminNoChannelPostgresBot bot)
    : SessionAdminNoChannelTests<TrainingsAdminNoChannelPostgresBot>(bot), IClassFixture<TrainingsAdminNoChannelPostgresBot>;

public sealed class SessionAdminTests_Sqlite(TrainingsAdminSqliteBot bot) : SessionAdminTests<TrainingsAdminSqliteBot>(bot), IClassFixture<TrainingsAdminSqliteBot>;

public sealed class SessionAdminTests_Postgres(TrainingsAdminPostgresBot bot) : SessionAdminTests<TrainingsAdminPostgresBot>(bot), IClassFixture<TrainingsAdminPostgresBot>;
