using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Ideas;
using StadtLabor.Bot.Features.Ideas.Triage;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.Pages.Ideas;

/// <summary>A Lotse who can be picked in "Zuweisen an …" (or in the Lotse filter).</summary>
public sealed record LotseChoice(string AadObjectId, string Name);

/// <summary>
/// What the three ideas pages share: the signed-in Lotse as the triage use cases know a person, the Lotsen to assign
/// to (the same directory the triage card offers), a triage outcome in the reader's words, and today in Berlin.
/// </summary>
public sealed class IdeaPages(LabDbContext db, LotsenDirectory lotsen, TriageReply reply, Strings strings, TimeProvider time)
{
    /// <summary>The board's columns: the statuses in the order the triage card walks them (Submitted → … → Merged).</summary>
    public static IReadOnlyList<IdeaStatus> Columns { get; } = Enum.GetValues<IdeaStatus>();

    /// <summary>The statuses a Lotse may ask for (as the card's buttons: never "eingereicht", never "zusammengeführt").</summary>
    public static IReadOnlyList<IdeaStatus> Targets { get; } =
        [.. Enum.GetValues<IdeaStatus>().Where(s => TriageRules.Parse(s.Key()) is not null)];

    public DateTime NowUtc => time.GetUtcNow().UtcDateTime;

    public DateOnly Today => LabTime.BerlinDate(time.GetUtcNow());

    /// <summary>
    /// The page's person as the triage use cases take one: object id and tenant from the session, the name from the
    /// sign-in token (what colleagues read in the history, as Teams' name is on the cards). Remembered in the Lotsen
    /// directory, so colleagues can assign ideas to someone who only works on the pages.
    /// </summary>
    public async Task<Person> ActorAsync(LabPageModel page, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(page);
        var name = (page.W.DisplayName ?? "").Trim();
        if (name.Length > IdeaLimits.Name) name = name[..IdeaLimits.Name];
        var person = new Person(page.Person.AadObjectId, page.Person.TenantId, name, page.W.Lang);
        await lotsen.SeenAsync(person, ct);
        return person;
    }

    /// <summary>The Lotsen the directory knows, by name (the triage card offers the same).</summary>
    public async Task<IReadOnlyList<LotseChoice>> LotsenAsync(CancellationToken ct) =>
        await db.IdeaLotsen().AsNoTracking().OrderBy(l => l.Name).ThenBy(l => l.UserAadObjectId)
            .Take(TriageView.LotsenOffered).Select(l => new LotseChoice(l.UserAadObjectId, l.Name)).ToListAsync(ct);

    /// <summary>What a change did, in the reader's language (the stale line names who was quicker, as on the card).</summary>
    public Task<string> TextAsync(TriageNotice notice, string lang, long ideaId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(notice);
        return notice.TextAsync(reply, strings, lang, ideaId, ct);
    }

    /// <summary>A word of the cards (full key), for the words the pages share with them (statuses, history lines).</summary>
    public string Word(string lang, string key, params object?[] args) =>
        args.Length == 0 ? strings.Get(lang, key) : strings.Format(lang, key, args);

    public string Status(string lang, IdeaStatus status) => strings.Get(lang, "ideas.status." + status.Key());

    /// <summary>"Mo., 1. Dez." — a day as the cards write it.</summary>
    public string Day(string lang, DateOnly day) => Wording.Day(lang, day, NowUtc);

    public string Moment(string lang, DateTime utc) => Wording.Moment(lang, utc, NowUtc);

    public static DateOnly BerlinDay(DateTime utc) => DateOnly.FromDateTime(TrainingTime.ToBerlin(utc));
}
