using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Ideas;
using StadtLabor.Bot.Features.Ideas.Browse;
using StadtLabor.Bot.Features.Lending;
using StadtLabor.Bot.Features.Lending.Reservations;
using StadtLabor.Bot.Features.Surveys.Answering;
using StadtLabor.Bot.Features.Trainings;

namespace StadtLabor.Bot.Pages.Mine;

/// <summary>A training the person is booked for, waits for, or has a seat offered in, with what they may do now.</summary>
public sealed record SeatRow(long SessionId, RegistrationStatus Status, string Title, string Tool, string When, string Where,
    string StatusText, string Explain, bool CanCancel, bool CanLeave, bool HasOffer, string? CalendarPath,
    string CancelLabel, string LeaveLabel, string AcceptLabel, string DeclineLabel, string CalendarLabel, string Confirm);

/// <summary>
/// A reservation or loan, with its actions and its current pickup and return (Berlin, as the date and time fields
/// want them) to start the change and extend forms from.
/// </summary>
public sealed record LoanRow(long Id, bool Lent, string Title, string When, string Place, string StatusText, bool CanCancel, bool CanChange,
    bool CanExtend, string CancelLabel, string ChangeLabel, string SaveChangeLabel, string ExtendLabel, string Confirm, string CurrentReturn,
    string FromDate, string FromTime, string ToDate, string ToTime);

/// <summary>An idea of the person's, with the link to its details and (for one they support and still open) the withdraw button.</summary>
public sealed record IdeaRow(long Id, string Title, string Status, string Note, string Answer, string DetailsLabel, bool CanUnsupport, string UnsupportLabel);

public sealed record SurveyRow(string Title, string When);

public sealed record MineData(IReadOnlyList<SeatRow> Seats, int MoreSeats, IReadOnlyList<LoanRow> Loans, int MoreLoans,
    IReadOnlyList<IdeaRow> AuthoredIdeas, IReadOnlyList<IdeaRow> SupportedIdeas, int MoreIdeas,
    IReadOnlyList<SurveyRow> OpenSurveys, IReadOnlyList<SurveyRow> Summaries, string? ChatLink)
{
    public static MineData Empty { get; } = new([], 0, [], 0, [], [], 0, [], [], null);
}

/// <summary>
/// What "Meine Termine &amp; Ausleihen" shows, read through the classes the cards use ("meine termine", "meine
/// ausleihen", "meine ideen", "umfragen"): the seat rule and the person's standing from <see cref="SessionView"/>,
/// a reservation's status and actions from <see cref="ReservationView"/>, ideas from <see cref="MyIdeas"/>, surveys
/// from <see cref="MySurveys"/>. Reads only; the actions go through the card verbs' own use cases.
/// </summary>
public sealed class MineSections(LabDbContext db, SessionView sessions, ReservationView reservations, CalendarLinks calendar,
    MyIdeas ideas, IdeaView ideaView, MySurveys surveys, Strings strings, IOptions<BotOptions> bot, TimeProvider time)
{
    /// <summary>Rows per section, as on the cards; the rest is counted.</summary>
    public const int MaxShown = 12;

    public async Task<MineData> LoadAsync(string user, string lang, CancellationToken ct)
    {
        var (seats, moreSeats) = await SeatsAsync(user, lang, ct);
        var (loans, moreLoans) = await LoansAsync(user, lang, ct);
        var mine = await ideas.ForAsync(user, ShowMyIdeas.MaxShown, ct);
        var waves = await surveys.ForAsync(user, ct);
        var open = waves.Where(s => s.State == MySurveyState.Open).Take(MaxShown)
            .Select(s => new SurveyRow(SurveyTitle(s, lang), strings.Format(lang, "surveysAnswer.list.closesOn", Wording.Day(lang, s.ClosesOn)))).ToList();
        var summaries = waves.Where(s => s.State == MySurveyState.Published).OrderByDescending(s => s.ClosedAtUtc).Take(MaxShown)
            .Select(s => new SurveyRow(SurveyTitle(s, lang), strings.Format(lang, "surveysAnswer.list.closed",
                Wording.Day(lang, s.ClosedAtUtc is { } c ? DateOnly.FromDateTime(TrainingTime.ToBerlin(c)) : s.ClosesOn)))).ToList();
        return new MineData(seats, moreSeats, loans, moreLoans,
            [.. mine.Authored.Select(i => Idea(i, lang, supported: false))], [.. mine.Supported.Select(i => Idea(i, lang, supported: true))],
            mine.AuthoredTotal + mine.SupportedTotal - mine.Authored.Count - mine.Supported.Count,
            open, summaries, ChatLink(bot.Value.AppId));
    }

    /// <summary>
    /// Teams' deep link to the 1:1 chat with the bot (surveys are answered only there, where nobody reads along);
    /// null without an app id (the embedded default), when the page names the chat in words only.
    /// </summary>
    public static string? ChatLink(string appId) =>
        string.IsNullOrWhiteSpace(appId) ? null : "https://teams.microsoft.com/l/chat/0/0?users=28:" + Uri.EscapeDataString(appId);

    private async Task<(List<SeatRow>, int)> SeatsAsync(string user, string lang, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        // The same rows as "meine termine": active in the seat rule, sessions published and not yet begun.
        var query =
            from r in db.TrainingRegistrations().AsNoTracking().Where(SeatRule.Active)
            join s in db.TrainingSessions().AsNoTracking() on r.SessionId equals s.Id
            join t in db.TrainingTools().AsNoTracking() on s.ToolId equals t.Id
            where r.UserAadObjectId == user && s.StartsAtUtc > now && s.Status == SessionStatus.Published
            select new { Registration = r, Session = s, Tool = t.Name };
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(x => x.Session.StartsAtUtc).ThenBy(x => x.Session.Id).Take(MaxShown).ToListAsync(ct);
        var names = RowNames.For([.. rows.Select(r => r.Session)], lang);
        var list = new List<SeatRow>(rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var (r, s) = (rows[i].Registration, rows[i].Session);
            var position = r.Status == RegistrationStatus.Waitlisted ? await Seats.PositionAsync(db, r, ct) : 0;
            var standing = sessions.Standing(s, r, position, 0, lang);
            bool Flag(string key) => standing[key]?.GetValue<bool>() == true;
            var title = CardText.Plain(s.Title);
            var day = Wording.Day(lang, DateOnly.FromDateTime(TrainingTime.ToBerlin(s.StartsAtUtc)), now);
            var confirm = r.Status switch
            {
                RegistrationStatus.Waitlisted => strings.Format(lang, "trainings.release.titleWaitlist", title, day),
                RegistrationStatus.Offered => strings.Format(lang, "trainings.release.titleOffer", title, day),
                _ => strings.Format(lang, "trainings.release.titleSeat", title, day),
            };
            list.Add(new SeatRow(s.Id, r.Status, title, CardText.Plain(rows[i].Tool), TrainingTime.Span(lang, s.StartsAtUtc, s.EndsAtUtc),
                sessions.Where(s, lang), standing["status"]!.ToString(), standing["explain"]!.ToString(),
                Flag("canCancel"), Flag("canLeaveWaitlist"), Flag("hasOffer"), Flag("hasCalendar") ? calendar.PathFor(r, s) : null,
                strings.Format(lang, "trainings.browse.cancelOf", names[i]), strings.Format(lang, "trainings.browse.leaveWaitlistOf", names[i]),
                strings.Format(lang, "trainings.browse.acceptOf", names[i]), strings.Format(lang, "trainings.browse.declineOf", names[i]),
                strings.Format(lang, "trainings.browse.calendarOf", names[i]), confirm));
        }
        return (list, total - rows.Count);
    }

    private async Task<(List<LoanRow>, int)> LoansAsync(string user, string lang, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        // The same rows and order as "meine ausleihen".
        var (rows, total) = await MyLoans.ListAsync(db, user, MaxShown, ct);
        var list = rows.Select(x =>
        {
            var r = x.Reservation;
            var row = reservations.Row(r, x.Name, lang);
            var (from, back) = (TrainingTime.ToBerlin(r.StartsAtUtc), TrainingTime.ToBerlin(r.EndsAtUtc));
            return new LoanRow(r.Id, r.Status == ReservationStatus.Lent, row["title"]!.ToString(), row["when"]!.ToString(), row["place"]!.ToString(),
                row["status"]!.ToString(), row["canCancel"]!.GetValue<bool>(), row["canChange"]!.GetValue<bool>(), row["canExtend"]!.GetValue<bool>(),
                row["cancelTitle"]!.ToString(), row["changeTitle"]!.ToString(),
                strings.Format(lang, "lendingReserve.form.submitChange", reservations.Label(r, x.Name, lang)), row["extendTitle"]!.ToString(),
                strings.Format(lang, "lendingReserve.confirm.question", CardText.Plain(x.Name), Wording.Moment(lang, r.StartsAtUtc, now)),
                strings.Format(lang, "lendingReserve.form.currentReturn", Wording.Moment(lang, r.EndsAtUtc, now)),
                Date(from), Time(from), Date(back), Time(back));
        }).ToList();
        return (list, total - rows.Count);
    }

    private static string Date(DateTime berlin) => berlin.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Time(DateTime berlin) => berlin.ToString("HH:mm", CultureInfo.InvariantCulture);

    private IdeaRow Idea(MyIdea i, string lang, bool supported)
    {
        var notes = new List<string>();
        if (i.Anonymous) notes.Add(strings.Get(lang, "ideasBrowse.mine.anonymous"));
        if (i.FromIdeaId != i.IdeaId) notes.Add(strings.Format(lang, "ideasBrowse.mine.fromMerge", i.FromIdeaId));
        var answer = i is { AnsweredAtUtc: { } at, Answer: { } text }
            ? strings.Format(lang, "ideasBrowse.mine.lastAnswer", ideaView.Day(lang, at), CardText.Plain(text, ShowMyIdeas.AnswerLength))
            : strings.Get(lang, "ideasBrowse.mine.noAnswer");
        var label = IdeaView.Label(i.IdeaId, i.Title);
        // As on the idea card: a support is withdrawn only while the idea is open (a closed one no longer sends news).
        return new IdeaRow(i.IdeaId, strings.Format(lang, "ideasBrowse.ideaTitle", i.IdeaId, CardText.Plain(i.Title, IdeaLimits.Title)),
            strings.Format(lang, "ideasBrowse.status", ideaView.Status(lang, i.Status, i.MergedIntoId)), string.Join(". ", notes), answer,
            strings.Format(lang, "ideasBrowse.action.details", label), supported && !i.Status.IsClosed(),
            strings.Format(lang, "ideasBrowse.action.unsupport", label));
    }

    private string SurveyTitle(MySurvey s, string lang) => AnswerCards.Title((key, args) => strings.Format(lang, key, args), s.Title, s.WaveNumber);
}
