using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StadtLabor.Bot.Features.Installations;
using StadtLabor.Bot.Features.Surveys;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.IntegrationTests.Lending;
using StadtLabor.Bot.Outbox;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.IntegrationTests.Surveys.Lifecycle;

/// <summary>What the lifecycle tests share: clicks as Ines, the plan's payload, the jobs run on a chosen Berlin day, reads.</summary>
public static class LifecycleTesting
{
    public static DateOnly Today => LabTime.BerlinDate(DateTimeOffset.UtcNow);

    public static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Colleagues 1100..1299 are this area's crowd.</summary>
    public static Activities.Persona Colleague(int n) => TrainingSeed.Colleague(1100 + n);

    public static JsonObject Plan(long surveyId, int version, string audience = "people", string people = "", string teams = "",
        DateOnly? opensOn = null, DateOnly? closesOn = null, string reminderDays = "3,7") => new()
    {
        ["surveyId"] = surveyId,
        ["version"] = version,
        ["audience"] = audience,
        ["people"] = people,
        ["teams"] = teams,
        ["opensOn"] = Iso(opensOn ?? Today),
        ["closesOn"] = Iso(closesOn ?? Today.AddDays(14)),
        ["reminderDays"] = reminderDays,
    };

    public static JsonObject Id(long surveyId) => new() { ["surveyId"] = surveyId };

    public static JsonObject Versioned(long surveyId, int version, bool confirmed = false)
    {
        var data = new JsonObject { ["surveyId"] = surveyId, ["version"] = version };
        if (confirmed) data["confirmed"] = true;
        return data;
    }

    public static Task<JsonObject> ClickAsync(BotFixture bot, Activities.Persona p, string verb, JsonObject data) =>
        TrainingSeed.ClickAsync(bot, p, verb, data.DeepClone().AsObject());

    public static Task<int> VersionAsync(BotFixture bot, long surveyId) =>
        bot.WithDbAsync(db => db.Surveys().Where(s => s.Id == surveyId).Select(s => s.Version).SingleAsync());

    public static Task<List<SurveyWave>> WavesAsync(BotFixture bot, long surveyId) =>
        bot.WithDbAsync(db => db.SurveyWaves().AsNoTracking().Where(w => w.SurveyId == surveyId).OrderBy(w => w.Number).ToListAsync());

    public static Task<List<string>> InviteesAsync(BotFixture bot, long waveId) =>
        bot.WithDbAsync(db => db.SurveyInvitees().Where(i => i.WaveId == waveId).Select(i => i.UserAadObjectId).ToListAsync());

    public static Task<List<OutboxMessage>> OutboxAsync(BotFixture bot, string keyPrefix) =>
        bot.WithDbAsync(db => db.OutboxMessages().AsNoTracking().Where(m => m.DedupeKey.StartsWith(keyPrefix)).OrderBy(m => m.Id).ToListAsync());

    public static JsonObject CardOf(OutboxMessage m) => LendingJobsBot.CardOf(m);

    /// <summary>Runs a job as the scheduler would for the Berlin day <paramref name="day"/> at <paramref name="hour"/>.</summary>
    public static async Task RunAsync<TJob>(BotFixture bot, DateOnly day, int hour = 9) where TJob : ILabJob
    {
        var instant = LabTime.StartOfDay(day).AddHours(hour);
        var clock = new LabClock();
        clock.Set(instant.UtcDateTime);
        await using var scope = bot.App.Services.CreateAsyncScope();
        var clocked = typeof(TJob).GetConstructors()[0].GetParameters().Any(p => p.ParameterType == typeof(TimeProvider));
        await ActivatorUtilities.CreateInstance<TJob>(scope.ServiceProvider, clocked ? [(TimeProvider)clock] : [])
            .RunAsync(JobPeriod.Containing(instant, JobPeriodKind.Day), CancellationToken.None);
    }

    /// <summary>The bot installed in a team (as Teams tells it on install), with these members on the connector.</summary>
    public static async Task<string> TeamAsync(BotFixture bot, string name, IEnumerable<Activities.Persona> members)
    {
        var teamId = "19:" + Guid.NewGuid().ToString("N") + "@thread.tacv2";
        bot.Connector.Team(teamId, name, members);
        await bot.WithDbAsync(async db =>
        {
            db.Installations().Add(new Installation
            {
                ConversationId = teamId, ServiceUrl = bot.Connector.ServiceUrl, TenantId = BotFixture.TenantId, ConversationType = "channel",
                TeamId = teamId, Active = true, InstalledAtUtc = DateTime.UtcNow, UpdatedAtUtc = DateTime.UtcNow,
            });
            return await db.SaveChangesAsync();
        });
        return teamId;
    }

    /// <summary>People who have the app in a 1:1 chat (an installation each).</summary>
    public static Task PersonalAsync(BotFixture bot, IEnumerable<Activities.Persona> people) =>
        OutboxHelpers.SeedPersonalInstallationsAsync(bot.App.Services, bot.Connector.ServiceUrl,
            people.Select(p => ("a:personal-" + p.AadObjectId + "-" + Guid.NewGuid().ToString("N")[..6], p.AadObjectId)));
}
