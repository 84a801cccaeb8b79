using Microsoft.Extensions.Options;
using StadtLabor.Bot.Hosting;
using StadtLabor.Bot.Turns;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.Features.Ideas;

/// <summary>
/// Ideas for the Digitale Lotsen: staff hand in ideas in the chat or from any Teams message (the message extension),
/// see similar ones first, follow and support them; the Lotsen triage them with assignment, statuses, tags and
/// comments, under a first-response deadline that escalates; the innovation department sees the figures. Every change
/// runs under the <see cref="IdeaLock"/>; an idea comes in only through <see cref="IdeaIntake"/>; the Lotsen channel's
/// card is <see cref="IdeaChannel"/>'s. Sub-areas: Intake, Browse, Triage, Report, Records.
/// </summary>
public sealed class IdeasModule : IFeatureModule
{
    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IdeasOptions>().Bind(configuration.GetSection(IdeasOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<IdeasOptions>, IdeasOptionsValidator>();
        services.AddScoped<IdeaIntake>();
        services.AddScoped<IdeaChannel>();
        services.AddScoped<SimilarIdeas>();
        services.AddSingleton<Similarity.IdeaIndexFeed>();
        services.AddScoped<IdeaSupporting>();
    }

    public void MapTurns(TurnRoutes routes)
    {
    }

    public void AddJobs(JobCatalog jobs)
    {
        _ = jobs;
    }
}
