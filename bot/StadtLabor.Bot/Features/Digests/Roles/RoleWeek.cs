using System.Globalization;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Ideas.Digest;
using StadtLabor.Bot.Features.Lending.Digest;
using StadtLabor.Bot.Features.OutboxAdmin;
using StadtLabor.Bot.Features.Privacy.SmallGroups;
using StadtLabor.Bot.Features.Surveys;
using StadtLabor.Bot.Features.Surveys.Digest;
using StadtLabor.Bot.Features.Trainings.Digest;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.Features.Digests.Roles;

/// <summary>
/// Everything the three role digests of one ISO week show, read once per run through the other features' Role* query
/// classes: every reader of a kind sees the same content, only the language differs. "This week" is the period's
/// Monday to Sunday; "last week" (answers, new ideas) the seven days before it, so a digest that arrives on Tuesday
/// after Ostermontag still reports the same week as one on a Monday.
/// </summary>
public sealed class RoleWeek(LabDbContext db, Strings strings, SmallGroups smallGroups, SurveyResults surveys, OutboxOverview outbox, TimeProvider time)
{
    /// <summary>Rows per section: a card stays small (Teams' message size); the rest is counted.</summary>
    public const int MaxRows = 8;

    public JobPeriod Period { get; private set; }
    public DateTime NowUtc { get; private set; }
    public DateOnly Monday => DateOnly.FromDateTime(Period.Start.DateTime);
    public int WeekNumber => ISOWeek.GetWeekOfYear(Monday.ToDateTime(TimeOnly.MinValue));

    public RoleTriageResult Triage { get; private set; } = null!;
    public IReadOnlyList<RoleWeekSession> Sessions { get; private set; } = [];
    public RoleIdeaFiguresResult Ideas { get; private set; } = null!;
    public IReadOnlyList<RoleSurveyWave> Surveys { get; private set; } = [];
    public OutboxOverview.Counts Outbox { get; private set; } = null!;
    public IReadOnlyList<OutboxOverview.DeadLetter> DeadLetters { get; private set; } = [];
    public int MinGroupSize => smallGroups.MinGroupSize;

    private readonly Dictionary<string, RoleDeskWeekResult> _desk = new(StringComparer.Ordinal);

    public async Task LoadAsync(JobPeriod period, CancellationToken ct)
    {
        Period = period;
        NowUtc = time.GetUtcNow().UtcDateTime;
        // A run caught up later in the week counts "today" from when it runs; a run for a week ahead (tests, a cron
        // set before midnight) from the week's Monday.
        var today = LabTime.BerlinDate(time.GetUtcNow()) is var now && now > Monday ? now : Monday;
        var from = period.Start.UtcDateTime;
        var to = period.End.UtcDateTime;
        var lastWeek = period.Start.AddDays(-7).UtcDateTime;
        Triage = await RoleTriageWeek.LoadAsync(db, today, Monday.AddDays(6), lastWeek, from, MaxRows, ct);
        Sessions = await RoleWeekSessions.LoadAsync(db, from, to, ct);
        Ideas = await RoleIdeaFigures.LoadAsync(db, smallGroups, today, lastWeek, from, ct);
        Surveys = await RoleSurveyParticipation.LoadAsync(db, surveys, ct);
        Outbox = await outbox.CountsAsync(ct);
        DeadLetters = Outbox.Dead > 0 ? await outbox.DeadLettersAsync(MaxRows, ct) : [];
    }

    /// <summary>The desk's week; its "no name" word is in the reader's language, so it is read once per language.</summary>
    public async Task<RoleDeskWeekResult> DeskAsync(string lang, CancellationToken ct)
    {
        if (_desk.TryGetValue(lang, out var known)) return known;
        return _desk[lang] = await RoleDeskWeek.LoadAsync(db, strings, lang, Period.Start.UtcDateTime, Period.End.UtcDateTime, ct);
    }
}
