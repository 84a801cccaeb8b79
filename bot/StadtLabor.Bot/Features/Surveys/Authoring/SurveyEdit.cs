using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Surveys.Authoring;

/// <summary>Why an authoring change was not made; the editor shows it above the fresh state.</summary>
public enum EditRefusal
{
    None = 0,
    UnknownSurvey,
    Stale,
    Frozen,
}

/// <summary>
/// The gate every authoring change passes: the survey's lock (<see cref="SurveyLock"/>), the version the card showed,
/// and for questions whether the survey has started. Once any wave is no longer planned every wave must ask the same
/// questions (results compare waves question by question), so questions are frozen then (and the free-text setting, which
/// <see cref="SaveInfo"/> keeps); title and purpose may still change. A refused change leaves the lock without commit: nothing changes, the version neither.
/// </summary>
public static class SurveyEdit
{
    /// <summary>The version a card sent; -1 (never current) when missing or not a number, so such a card counts as stale.</summary>
    public static int Version(JsonObject data) => CardInput.WholeNumber(data, "version") ?? -1;

    /// <summary>Whether the questions are frozen: a wave has started (running or closed).</summary>
    public static Task<bool> StartedAsync(LabDbContext db, long surveyId, CancellationToken ct) =>
        db.SurveyWaves().AnyAsync(w => w.SurveyId == surveyId && w.Status != WaveStatus.Planned, ct);

    /// <summary>Enters the lock; the refusal says why the change may not go on (then the lock is already released).</summary>
    public static async Task<(LockedSurvey? Locked, EditRefusal Refusal)> EnterAsync(LabDbContext db, long surveyId, int version, bool questions,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var locked = await SurveyLock.EnterAsync(db, surveyId, ct);
        if (locked is null) return (null, EditRefusal.UnknownSurvey);
        var refusal = locked.VersionBefore != version ? EditRefusal.Stale
            : questions && await StartedAsync(db, surveyId, ct) ? EditRefusal.Frozen
            : EditRefusal.None;
        if (refusal == EditRefusal.None) return (locked, refusal);
        await locked.DisposeAsync();
        return (null, refusal);
    }

    /// <summary>The words for a refusal (shown on the editor).</summary>
    public static string Notice(TurnContext turn, EditRefusal refusal)
    {
        ArgumentNullException.ThrowIfNull(turn);
        return refusal switch
        {
            EditRefusal.Stale => turn.Word("surveysAuthoring.refused.stale"),
            EditRefusal.Frozen => turn.Word("surveysAuthoring.refused.frozen"),
            EditRefusal.UnknownSurvey => turn.Word("surveysAuthoring.refused.unknownSurvey"),
            _ => "",
        };
    }

    /// <summary>Input a verb cannot use (no survey id, an unknown survey): the error card; nothing was changed.</summary>
    public static VerbResult UnknownSurvey(TurnContext turn)
    {
        ArgumentNullException.ThrowIfNull(turn);
        return turn.ErrorCard(turn.Word("surveysAuthoring.refused.unknownSurvey"));
    }

    /// <summary>Renumbers the survey's questions 1..n in their current order (after a removal or a move).</summary>
    public static void Renumber(IEnumerable<SurveyQuestion> ordered)
    {
        var position = 0;
        foreach (var q in ordered) q.Position = ++position;
    }
}
