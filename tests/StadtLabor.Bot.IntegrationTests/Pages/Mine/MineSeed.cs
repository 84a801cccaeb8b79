using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Features.Ideas;
using StadtLabor.Bot.Features.Lending;
using StadtLabor.Bot.Features.Surveys;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.IntegrationTests.Infrastructure;

namespace StadtLabor.Bot.IntegrationTests.Pages.Mine;

/// <summary>
/// People and their things for the "Meine Termine &amp; Ausleihen" tests: a colleague of this page's range
/// (14100–14199) known to the Entra stand-in, and seats, loans, ideas and surveys written straight into the database.
/// </summary>
internal static class MineSeed
{
    public static Activities.Persona Person(PagesBot bot, int n)
    {
        var p = TrainingSeed.Colleague(14100 + n);
        bot.EntraId.AddPerson(p.AadObjectId, p.Name);
        return p;
    }

    /// <summary>A published session (unique title) with <paramref name="p"/> in it in the given status.</summary>
    public static async Task<long> SeatAsync(PagesBot bot, Activities.Persona p, RegistrationStatus status, string title, int capacity = 5,
        TimeSpan? startsIn = null, string tool = "Miro")
    {
        var sessionId = await TrainingSeed.SessionAsync(bot, capacity, startsIn, tool, title);
        await RegisterAsync(bot, sessionId, p, status);
        return sessionId;
    }

    public static Task<long> RegisterAsync(PagesBot bot, long sessionId, Activities.Persona p, RegistrationStatus status) =>
        bot.WithDbAsync(async db =>
        {
            var now = DateTime.UtcNow;
            var seq = 1 + (await db.TrainingRegistrations().Where(r => r.SessionId == sessionId).MaxAsync(r => (long?)r.WaitlistSeq) ?? 0);
            var r = new Registration
            {
                SessionId = sessionId,
                UserAadObjectId = p.AadObjectId,
                UserName = p.Name,
                TenantId = BotFixture.TenantId,
                Status = status,
                WaitlistSeq = seq,
                BookedAtUtc = status == RegistrationStatus.Booked ? now : null,
                OfferExpiresAtUtc = status == RegistrationStatus.Offered ? now.AddHours(10) : null,
                CreatedAtUtc = now,
                UpdatedAtUtc = now,
            };
            db.TrainingRegistrations().Add(r);
            await db.SaveChangesAsync();
            return r.Id;
        });

    public static Task<RegistrationStatus> StatusAsync(PagesBot bot, long sessionId, Activities.Persona p) =>
        bot.WithDbAsync(db => db.TrainingRegistrations().AsNoTracking()
            .Where(r => r.SessionId == sessionId && r.UserAadObjectId == p.AadObjectId).Select(r => r.Status).SingleAsync());

    /// <summary>A confirmed reservation from the 3rd working day, or a loan picked up yesterday and due on the 2nd working day.</summary>
    public static async Task<long> LoanAsync(PagesBot bot, Activities.Persona p, string itemName, bool lent)
    {
        var itemId = await LendingSeed.ItemAsync(bot, itemName);
        return lent
            ? await LendingSeed.ReservationAsync(bot, itemId, p, DateTime.UtcNow.AddDays(-1), LendingSeed.WorkingDayUtc(2), ReservationStatus.Lent)
            : await LendingSeed.ReservationAsync(bot, itemId, p, LendingSeed.WorkingDayUtc(3), LendingSeed.WorkingDayUtc(4));
    }

    /// <summary>An idea by <paramref name="p"/> with one public answer of the Lotsen and one internal note (never shown).</summary>
    public static async Task<long> IdeaWithAnswerAsync(PagesBot bot, Activities.Persona p, string title, string answer)
    {
        var ideaId = await IdeaSeed.IdeaAsync(bot, title, p, IdeaStatus.InReview);
        await bot.WithDbAsync(async db =>
        {
            db.IdeaEvents().Add(new IdeaEvent { IdeaId = ideaId, Kind = IdeaEventKind.Comment, Public = true, Text = answer, CreatedAtUtc = DateTime.UtcNow.AddMinutes(-2) });
            db.IdeaEvents().Add(new IdeaEvent { IdeaId = ideaId, Kind = IdeaEventKind.Comment, Public = false, Text = "Nur intern: erst mit IT klären", CreatedAtUtc = DateTime.UtcNow });
            return await db.SaveChangesAsync();
        });
        return ideaId;
    }

    /// <summary>A survey with a running wave <paramref name="p"/> is invited to, and (when asked) a closed one with a published summary.</summary>
    public static async Task SurveysAsync(PagesBot bot, Activities.Persona p, string openTitle, string? publishedTitle = null)
    {
        var open = await SurveySeed.SurveyAsync(bot, openTitle);
        await SurveySeed.WaveAsync(bot, open.Id, [p]);
        if (publishedTitle is null) return;
        var closed = await SurveySeed.SurveyAsync(bot, publishedTitle);
        var waveId = await SurveySeed.WaveAsync(bot, closed.Id, [p], WaveStatus.Closed);
        await bot.WithDbAsync(db => db.SurveyWaves().Where(w => w.Id == waveId).ExecuteUpdateAsync(s => s.SetProperty(w => w.SummaryPublished, true)));
    }
}
