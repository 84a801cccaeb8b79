using StadtLabor.Bot.Features.Ideas.Digest;
using StadtLabor.Bot.Features.Lending.Digest;
using StadtLabor.Bot.Features.Privacy;
using StadtLabor.Bot.Features.Surveys.Digest;
using StadtLabor.Bot.Features.Trainings.Digest;
using StadtLabor.Bot.Turns;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.Features.Digests.Personal;

/// <summary>Wires this part of the digests (services, verbs, jobs); called by <see cref="DigestsModule"/>.</summary>
public static class PersonalDigestSetup
{
    public static void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<DigestsOptions>, PersonalGroupsValidator>();
        services.AddScoped<PersonalTrainings>();
        services.AddScoped<PersonalLoans>();
        services.AddScoped<PersonalIdeaChanges>();
        services.AddScoped<PersonalSurveys>();
        services.AddScoped<PersonalDigestContent>();
        services.AddSingleton<PersonalDigestCard>();
        services.AddScoped<DigestResponseRates>();
        // Editions and answers of personal and role digests alike: both hold the reader's object id.
        services.AddPersonalData<DigestPersonalData>();
        services.AddRetentionPolicy<PurgeDigestEditions>();
    }

    /// <summary>
    /// digests.ack for every reader of a personal or role digest (role Staff: whose edition it is, is checked by the
    /// handler against the signed person).
    /// </summary>
    public static void MapTurns(TurnRoutes routes) => routes.Verb<AcknowledgeDigest>(AcknowledgeDigest.Verb);

    public static void AddJobs(JobCatalog jobs) =>
        jobs.Add<SendPersonalDigests>(SendPersonalDigests.Name, SendPersonalDigests.DefaultCron, JobPeriodKind.Day, skipHolidays: true);
}
