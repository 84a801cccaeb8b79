using Microsoft.Extensions.Options;
using StadtLabor.Bot.Features.Ideas.Digest;
using StadtLabor.Bot.Features.Lending.Digest;
using StadtLabor.Bot.Features.Surveys.Digest;
using StadtLabor.Bot.Features.Trainings.Digest;
using StadtLabor.Bot.Turns;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.Features.Digests.Channel;

/// <summary>Wires the weekly channel digest (services, the refresh verb, the job); called by <see cref="DigestsModule"/>.</summary>
public static class ChannelDigestSetup
{
    public static void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IValidateOptions<DigestsOptions>, ChannelOptionsValidator>();
        // The features' small query classes the digest reads through (their own modules do not need them).
        services.AddScoped<ChannelUpcomingSessions>();
        services.AddScoped<ChannelLendingNews>();
        services.AddScoped<ChannelIdeaChanges>();
        services.AddScoped<ChannelOpenSurveys>();
        services.AddScoped<ChannelDigestSource>();
        services.AddScoped<ChannelDigestCard>();
        services.AddScoped<ChannelEditions>();
    }

    public static void MapTurns(TurnRoutes routes) =>
        // Everyone in the channel reads the card, so everyone may refresh it; the answer is the card all of them see.
        routes.Verb<RefreshChannelDigest>(RefreshChannelDigest.Verb);

    // Working days at 08:00 with NRW holidays skipped, period Week: the week's first working day posts (Easter Monday → Tuesday).
    public static void AddJobs(JobCatalog jobs) =>
        jobs.Add<PostChannelDigests>(ChannelDigestWeek.JobName, ChannelDigestWeek.DefaultCron, JobPeriodKind.Week, skipHolidays: true);
}
