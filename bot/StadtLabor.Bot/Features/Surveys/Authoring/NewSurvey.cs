using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Surveys.Authoring;

/// <summary>
/// "umfrage neu" / "new survey" and surveysAdmin.new: without a template the card to choose the "Homeoffice" template
/// or an empty survey; with one, creates the survey (questions from <see cref="SurveyTemplates"/>, reminders from
/// Surveys:DefaultReminderDays, the person from the signed activity) and shows its editor.
/// A double click or a redelivery makes one survey: the chooser card carries a draft id, and the survey remembers
/// "template:key" in Template (key = hash of person and draft id, see <see cref="DraftKey"/>) because the schema has no
/// column for it; the same key again finds that survey. Nothing is kept in memory, so this holds across instances.
/// </summary>
public sealed class NewSurvey(LabDbContext db, SurveyEditorCard editor, Strings strings, IOptions<SurveysOptions> options, TimeProvider time)
    : ITurnHandler, IVerbHandler
{
    public Task HandleAsync(TurnContext turn, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        turn.ReplyCard("surveys/admin-new", Chooser());
        return Task.CompletedTask;
    }

    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(data);
        var template = CardInput.Text(data, "template");
        if (template.Length == 0) return new VerbResult.Card(turn.Card("surveys/admin-new", Chooser()));
        if (!SurveyTemplates.Keys.Contains(template)) return turn.ErrorCard(turn.Word("surveysAuthoring.refused.badRequest"));
        if (Person.From(turn) is not { } person) return turn.ErrorCard(turn.Word("surveysAuthoring.refused.unknownUser"));
        // A card without a draft id (an old or hand-made one) still creates, just without the double-click guard.
        var draftId = Guid.TryParse(CardInput.Text(data, "draftId"), out var id) ? id : Guid.NewGuid();
        var stored = template + ":" + DraftKey(person.AadObjectId, draftId);

        var (surveyId, created) = await CreateAsync(turn, person, template, stored, ct);
        return await editor.ResultAsync(turn, surveyId, created ? turn.Word("surveysAuthoring.new.created") : "", ct);
    }

    private static JsonObject Chooser() => new() { ["draftId"] = Guid.NewGuid().ToString("D") };

    private async Task<(long SurveyId, bool Created)> CreateAsync(TurnContext turn, Person person, string template, string stored, CancellationToken ct)
    {
        await using var tx = await LabTransaction.BeginAsync(db, ct);
        // Two deliveries of the same click at once: on PostgreSQL they meet here; SQLite's write lock serialises them.
        if (db is PostgresLabDbContext)
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({"surveys.new:" + stored}, 0))", ct);
        var existing = await db.Surveys().AsNoTracking()
            .Where(s => s.CreatedByAadObjectId == person.AadObjectId && s.Template == stored).Select(s => (long?)s.Id).FirstOrDefaultAsync(ct);
        if (existing is { } again) return (again, false);

        var now = time.GetUtcNow().UtcDateTime;
        var homeoffice = template == SurveyTemplates.Homeoffice;
        var survey = new Survey
        {
            Title = turn.Word(homeoffice ? "surveysTemplate.homeoffice.title" : "surveysAuthoring.new.defaultTitle"),
            Purpose = homeoffice ? turn.Word("surveysTemplate.homeoffice.purpose") : "",
            Template = stored,
            TenantId = person.TenantId,
            CreatedByAadObjectId = person.AadObjectId,
            CreatedByName = person.Name.Length > SurveyLimits.Name ? person.Name[..SurveyLimits.Name] : person.Name,
            ReminderDays = string.Join(",", options.Value.DefaultReminderDays),
            CreatedAtUtc = now,
            UpdatedAtUtc = now,
        };
        db.Surveys().Add(survey);
        await db.SaveChangesAsync(ct);
        db.SurveyQuestions().AddRange(SurveyTemplates.Questions(template, survey.Id, strings, turn.Lang, options.Value));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (survey.Id, true);
    }

    /// <summary>The template a survey came from ("homeoffice", "empty"), without the draft key stored after it.</summary>
    public static string TemplateOf(string stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var colon = stored.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? stored : stored[..colon];
    }

    /// <summary>Person and draft id hashed (16 hex digits): unique per chooser card, short enough for Template's 40 characters.</summary>
    public static string DraftKey(string userAadObjectId, Guid draftId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(userAadObjectId.ToLowerInvariant() + ":" + draftId.ToString("D"))))[..16];
}
