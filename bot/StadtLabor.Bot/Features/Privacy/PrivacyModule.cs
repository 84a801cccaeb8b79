using Microsoft.Extensions.Options;
using StadtLabor.Bot.Downloads;
using StadtLabor.Bot.Features.Privacy.MyData;
using StadtLabor.Bot.Features.Privacy.Policies;
using StadtLabor.Bot.Hosting;
using StadtLabor.Bot.Turns;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.Features.Privacy;

public sealed class PrivacyModule : IFeatureModule
{
    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PrivacyOptions>().Bind(configuration.GetSection(PrivacyOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PrivacyOptions>, PrivacyOptionsValidator>();
        services.AddSingleton<SmallGroups.SmallGroups>();
        // These two belong to Installations and the outbox; they move there when those files are free to change.
        services.AddRetentionPolicy<PurgeInactiveInstallations>();
        services.AddRetentionPolicy<PurgeSentOutboxMessages>();
        services.AddRetentionPolicy<PurgeFailedOutboxMessages>();
        services.AddDownloadLinks(configuration);
    }

    public void MapTurns(TurnRoutes routes)
    {
        routes.Verb<ShowPrivacyNotice>("privacy.notice").Command<ShowPrivacyNotice>("datenschutz", "privacy")
            .Verb<ShowMyData>("privacy.myData").Command<ShowMyData>("meine daten", "my data")
            .Verb<EraseMyData>(EraseMyData.AskVerb)
            .Verb<EraseMyData>(EraseMyData.ConfirmVerb);
    }

    public void MapEndpoints(IEndpointRouteBuilder app) => DownloadMyData.Map(app);

    public void AddJobs(JobCatalog jobs) =>
        jobs.Add<PurgeExpiredData>(PurgeExpiredData.Name, PurgeExpiredData.DefaultCron, JobPeriodKind.Day);
}
