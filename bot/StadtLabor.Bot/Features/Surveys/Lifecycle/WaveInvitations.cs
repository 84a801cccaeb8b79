using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Settings;
using StadtLabor.Bot.Outbox;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Surveys.Lifecycle;

/// <summary>
/// The one owner of inviting people to a wave (at the start, and later joiners of an "everyone" wave): one
/// <see cref="SurveyInvitee"/> and one <see cref="SurveyPending"/> row per new person, written in random order, the
/// same number of empty answer slots (<see cref="ResponseSlots.AddAsync"/>), and the invitation through the outbox in
/// the person's language, keyed "surveys.invite:{waveId}:{user}", all in the caller's transaction. People invited
/// before are skipped, so running it again invites nobody twice. The outbox writes to the person's 1:1 chat and
/// creates the chat when we know none (the conversation API; it works for everyone who has the app, which includes
/// every member of a team the app is installed in). Someone without the app cannot be reached: that message ends as
/// a dead letter the lab team sees, and their slot stays empty, as for anyone who does not answer. People who folded
/// survey invitations into their personal digest are invited (their pending row puts the survey in the digest) but
/// get no message of its own; nobody's invitation arrives in quiet hours (<see cref="QuietHours"/>).
/// </summary>
public sealed class WaveInvitations(LabDbContext db, OutboxWriter outbox, InvitationCards cards, Languages languages, DigestSettings digests, TimeProvider time)
{
    public static string Key(long waveId, string user) => $"surveys.invite:{waveId}:{user}";

    /// <summary>Invites those of <paramref name="people"/> not invited yet; returns how many. Saves (does not commit).</summary>
    public async Task<int> InviteAsync(Survey survey, SurveyWave wave, IReadOnlyList<Invitee> people, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(survey);
        ArgumentNullException.ThrowIfNull(wave);
        ArgumentNullException.ThrowIfNull(people);
        await db.SaveChangesAsync(ct);
        var waveId = wave.Id;
        var already = (await db.SurveyInvitees().Where(i => i.WaveId == waveId).Select(i => i.UserAadObjectId).ToListAsync(ct))
            .ToHashSet(StringComparer.Ordinal);
        var fresh = people.Where(p => !already.Contains(p.AadObjectId)).DistinctBy(p => p.AadObjectId).ToArray();
        if (fresh.Length == 0) return 0;
        // The rows' order (and ids) must say nothing about anyone: not the order of the audience, not alphabetical.
        RandomNumberGenerator.Shuffle(fresh.AsSpan());

        var langs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tenant in fresh.GroupBy(p => p.TenantId))
        {
            var chosen = await languages.ForPeopleAsync(tenant.Key, tenant.Select(p => p.AadObjectId), ct);
            foreach (var p in tenant) langs[p.AadObjectId] = chosen.Of(p.AadObjectId, Cards.Strings.German);
        }
        foreach (var p in fresh)
        {
            db.SurveyInvitees().Add(new SurveyInvitee { WaveId = waveId, UserAadObjectId = p.AadObjectId, TenantId = p.TenantId, Lang = langs[p.AadObjectId] });
            db.SurveyPending().Add(new SurveyPending { WaveId = waveId, UserAadObjectId = p.AadObjectId });
        }
        await db.SaveChangesAsync(ct);
        await ResponseSlots.AddAsync(db, waveId, fresh.Length, ct);

        var questions = await db.SurveyQuestions().CountAsync(q => q.SurveyId == survey.Id, ct);
        var now = time.GetUtcNow().UtcDateTime;
        var hasFreeText = await InvitationCards.HasFreeTextAsync(db, survey.Id, ct);
        var byLang = langs.Values.Distinct().ToDictionary(l => l, l => Activity.Card(cards.Invitation(survey, wave, questions, hasFreeText, l, now)));
        foreach (var tenant in fresh.GroupBy(p => p.TenantId))
        {
            var folded = await digests.FoldingAsync(tenant.Key, tenant.Select(p => p.AadObjectId), DigestFolds.SurveyInvitations, ct);
            await outbox.ToUsersAsync(tenant.Key, tenant.Where(p => !folded.Contains(p.AadObjectId))
                .Select(p => (Key(waveId, p.AadObjectId), p.AadObjectId, byLang[langs[p.AadObjectId]])), ct, digests.NotBeforeUtc(now));
        }
        await db.SaveChangesAsync(ct);
        return fresh.Length;
    }
}
