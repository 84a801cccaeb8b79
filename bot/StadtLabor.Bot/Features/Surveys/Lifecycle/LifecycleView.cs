using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Privacy.SmallGroups;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.Features.Surveys.Lifecycle;

/// <summary>
/// The innovation department's cards of a survey's life: surveys/manage (its waves with dates, invited, answers so far
/// only through <see cref="SurveyResults.RunningCountAsync"/>, and the buttons that fit its state), surveys/plan (the
/// start card) and surveys/lifecycle-confirm. Every card carries the survey's version, so a stale click changes nothing.
/// </summary>
public sealed class LifecycleView(LabDbContext db, CardRenderer cards, Strings strings, SurveyResults results, SmallGroups smallGroups, WaveAudience audience,
    InvitationCards invitation, IOptions<SurveysOptions> options, TimeProvider time)
{
    private const string W = "surveysLifecycle.";

    public DateOnly Today => LabTime.BerlinDate(time.GetUtcNow());

    /// <summary>The status card, or null when the survey does not exist.</summary>
    public async Task<JsonObject?> ManageAsync(long surveyId, string lang, string notice, CancellationToken ct)
    {
        var survey = await db.Surveys().AsNoTracking().SingleOrDefaultAsync(s => s.Id == surveyId, ct);
        if (survey is null) return null;
        var waves = await db.SurveyWaves().AsNoTracking().Where(w => w.SurveyId == surveyId).OrderBy(w => w.Number).ToListAsync(ct);
        var ids = waves.Select(w => w.Id).ToList();
        var invited = (await db.SurveyInvitees().Where(i => ids.Contains(i.WaveId)).GroupBy(i => i.WaveId)
            .Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct)).ToDictionary(x => x.Key, x => x.Count);
        var now = time.GetUtcNow().UtcDateTime;
        var rows = new JsonArray();
        foreach (var w in waves)
        {
            var status = Word(lang, "manage." + w.Status.ToString().ToLowerInvariant());
            string answers;
            if (w.Status == WaveStatus.Running)
                answers = await results.RunningCountAsync(w.Id, ct) is { } n ? Number(lang, n) : Fewer(lang);
            else if (w.Status == WaveStatus.Closed)
                answers = await results.RespondentsAsync(w.Id, ct) is { Shown: true, People: { } p } ? Number(lang, p) : Fewer(lang);
            else answers = Word(lang, "manage.notYet");
            rows.Add(new JsonObject
            {
                ["title"] = strings.Format(lang, W + "manage.wave", w.Number, status),
                ["dates"] = strings.Format(lang, W + "manage.datesValue", Wording.Day(lang, w.OpensOn, now), Wording.Day(lang, w.ClosesOn, now)),
                ["invited"] = w.Status == WaveStatus.Planned ? Word(lang, "manage.notYet") : Number(lang, invited.GetValueOrDefault(w.Id)),
                ["answers"] = answers,
            });
        }
        var last = waves.LastOrDefault();
        var running = last?.Status == WaveStatus.Running;
        var title = CardText.Plain(survey.Title, SurveyLimits.Title);
        var extendDefault = running ? Min(last!.ClosesOn.AddDays(7), last.OpensOn.AddDays(WavePlanRules.MaxDays)) : Today;
        return cards.Render("surveys/manage", lang, new JsonObject
        {
            ["surveyId"] = survey.Id,
            ["version"] = survey.Version,
            ["heading"] = strings.Format(lang, W + "manage.heading", title),
            ["notice"] = notice,
            ["hasNotice"] = notice.Length > 0,
            ["waves"] = rows,
            ["hasWaves"] = waves.Count > 0,
            ["noWaves"] = waves.Count == 0,
            ["pending"] = last?.Status == WaveStatus.Planned,
            // "Starten" before the first wave, "Neue Welle" after a closed one: the same plan card.
            ["canPlan"] = waves.Count == 0 || last?.Status == WaveStatus.Closed,
            ["planVerb"] = waves.Count == 0 ? "surveysLifecycle.plan" : ShowPlan.NewWaveVerb,
            ["planTitle"] = strings.Format(lang, W + (waves.Count == 0 ? "manage.startTitle" : "manage.newWaveTitle"), title),
            ["canClose"] = running,
            ["canExtend"] = running,
            ["extendDefault"] = WavePlanRules.Iso(extendDefault),
            ["hasResults"] = waves.Any(w => w.Status == WaveStatus.Closed),
            ["closeTitle"] = strings.Format(lang, W + "manage.closeTitle", title),
            ["extendTitle"] = strings.Format(lang, W + "manage.extendTitle", title),
            ["extendButton"] = strings.Format(lang, W + "manage.extendButton", title),
            ["resultsTitle"] = strings.Format(lang, W + "manage.resultsTitle", title),
            ["deleteTitle"] = strings.Format(lang, W + "manage.deleteTitle", title),
        });
    }

    /// <summary>The plan card for the next wave: <paramref name="form"/> as typed (null: the defaults), errors by field.</summary>
    public async Task<JsonObject> PlanAsync(Survey survey, int nextWave, string lang, PlanForm? form, IReadOnlyDictionary<string, string> errors,
        string notice, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(survey);
        ArgumentNullException.ThrowIfNull(errors);
        var today = Today;
        form ??= new PlanForm(
            nextWave > 1 || survey.Audience.Length > 0 ? Kind(survey.AudienceKind) : PlanForm.Everyone,
            survey.AudienceKind == AudienceKind.People ? survey.Audience : "",
            survey.AudienceKind == AudienceKind.Teams ? survey.Audience : "",
            WavePlanRules.Iso(today), WavePlanRules.Iso(today.AddDays(options.Value.DefaultDurationDays)), survey.ReminderDays)
        { Groups = survey.AudienceKind == AudienceKind.Groups ? survey.Audience : "" };
        var teams = await audience.TeamsAsync(ct);
        var hasFreeText = await InvitationCards.HasFreeTextAsync(db, survey.Id, ct);
        var names = await audience.TeamNamesAsync(teams, n => strings.Format(lang, W + "plan.team", n), ct);
        var title = CardText.Plain(survey.Title, SurveyLimits.Title);
        var err = new JsonObject();
        foreach (var field in new[] { "audience", "people", "teams", "groups", "opensOn", "closesOn", "reminderDays" })
        {
            var text = errors.TryGetValue(field, out var key) ? strings.Format(lang, key, field == "groups" ? WavePlanRules.MaxGroups : WavePlanRules.MaxPeople) : "";
            if (field == "closesOn" && key == W + "error.tooLong") text = strings.Format(lang, key, WavePlanRules.MaxDays);
            err[field] = new JsonObject { ["text"] = text, ["shown"] = text.Length > 0 };
        }
        return cards.Render("surveys/plan", lang, new JsonObject
        {
            ["surveyId"] = survey.Id,
            ["version"] = survey.Version,
            ["heading"] = nextWave > 1 ? strings.Format(lang, W + "plan.headingWave", title, nextWave) : strings.Format(lang, W + "plan.heading", title),
            ["isNewWave"] = nextWave > 1,
            ["notice"] = notice,
            ["hasNotice"] = notice.Length > 0,
            ["form"] = new JsonObject
            {
                ["audience"] = form.Audience, ["people"] = form.People, ["teams"] = form.Teams, ["groups"] = form.Groups,
                ["opensOn"] = form.OpensOn, ["closesOn"] = form.ClosesOn, ["reminderDays"] = form.ReminderDays,
            },
            ["today"] = WavePlanRules.Iso(today),
            ["hasTeams"] = teams.Count > 0,
            ["hasGroups"] = audience.GroupsOffered,
            ["noTeams"] = teams.Count == 0,
            ["teamChoices"] = new JsonArray(teams.Where(t => names.ContainsKey(t.TeamId))
                .Select(t => (JsonNode)new JsonObject { ["title"] = names[t.TeamId], ["value"] = t.TeamId }).ToArray()),
            ["err"] = err,
            ["hasErrors"] = errors.Count > 0,
            ["previewHeading"] = strings.Format(lang, W + "invitation.heading", title),
            ["previewPurpose"] = CardText.Plain(survey.Purpose, SurveyLimits.Purpose),
            ["hasPreviewPurpose"] = survey.Purpose.Trim().Length > 0,
            ["previewPrivacy"] = invitation.Privacy(lang),
            ["previewFreeText"] = hasFreeText ? invitation.FreeText(lang, survey.FreeTextToPartner) : "",
            ["hasPreviewFreeText"] = hasFreeText,
            ["previewRetention"] = strings.Format(lang, W + "invitation.retention", Wording.Duration(strings, lang, TimeSpan.FromDays(invitation.RetentionDays))),
            ["startTitle"] = strings.Format(lang, W + "plan.startTitle", title),
            ["backTitle"] = strings.Format(lang, W + "plan.backTitle", title),
        });
    }

    /// <summary>"„…“ jetzt beenden?" / "„…“ löschen?": the safe way out first, the destructive button after it.</summary>
    public JsonObject Confirm(Survey survey, string lang, string verb, string heading, string text, string no, string yes)
    {
        ArgumentNullException.ThrowIfNull(survey);
        var title = CardText.Plain(survey.Title, SurveyLimits.Title);
        return cards.Render("surveys/lifecycle-confirm", lang, new JsonObject
        {
            ["surveyId"] = survey.Id,
            ["version"] = survey.Version,
            ["heading"] = strings.Format(lang, heading, title),
            ["text"] = text,
            ["verb"] = verb,
            ["noTitle"] = strings.Format(lang, no, title),
            ["yesTitle"] = strings.Format(lang, yes, title),
            ["done"] = false,
        });
    }

    private static string Kind(AudienceKind kind) => kind switch
    {
        AudienceKind.People => PlanForm.PeopleKind,
        AudienceKind.Teams => PlanForm.TeamsKind,
        AudienceKind.Groups => PlanForm.GroupsKind,
        _ => PlanForm.Everyone,
    };

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    private string Word(string lang, string key) => strings.Get(lang, W + key);

    private string Fewer(string lang) => strings.Format(lang, W + "manage.fewerThan", smallGroups.MinGroupSize);

    private static string Number(string lang, int n) => n.ToString("N0", Strings.Culture(lang));
}
