using Microsoft.Extensions.Options;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Downloads;
using StadtLabor.Bot.Features.Lending.Records;
using StadtLabor.Bot.Features.Privacy;
using StadtLabor.Bot.Features.Lending.Jobs;
using StadtLabor.Bot.Features.Lending.Desk;
using StadtLabor.Bot.Features.Lending.Catalogue;
using StadtLabor.Bot.Features.Lending.Admin;
using StadtLabor.Bot.Hosting;
using StadtLabor.Bot.Roles;
using StadtLabor.Bot.Turns;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.Features.Lending;

/// <summary>
/// Lending: the Mobiles stadtLABOR kit and the lab's devices, reserved in the chat, approved where needed, handed
/// over and taken back with a parts checklist. Every count of free units comes from <see cref="Availability"/>,
/// every change runs under the <see cref="ItemLock"/>.
/// </summary>
public sealed class LendingModule : IFeatureModule
{
    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LendingOptions>().Bind(configuration.GetSection(LendingOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LendingOptions>, LendingOptionsValidator>();
        services.AddScoped<Availability>();
        if (configuration.GetValue<bool>(DemoTrainings.Setting)) services.AddHostedService<DemoLending>();
        services.AddDownloadLinks(configuration);
        services.AddSingleton<RecordLinks>();
        services.AddRetentionPolicy<PurgeLendingRecords>();
        services.AddRetentionPolicy<EmptyLendingPurposes>();
        services.AddPersonalData<LendingPersonalData>();
        Reservations.ReservationRoutes.AddServices(services);
        services.AddScoped<LendingWatchers>();
        DeskRegistration.AddServices(services);
        CatalogueRoutes.AddServices(services);
        services.AddLendingAdmin(configuration);
    }

    public void MapTurns(TurnRoutes routes)
    {
        CatalogueRoutes.Map(routes);
        routes.Verb<ShowRecords>(ShowRecords.Verb, Role.LabTeam);
        Reservations.ReservationRoutes.MapTurns(routes);
        DeskRegistration.MapTurns(routes);
        routes.MapLendingAdmin();
    }

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        DownloadFeed.Map(app);
        DownloadHistory.Map(app);
        app.MapLendingAdminEndpoints();
    }

    public void AddJobs(JobCatalog jobs)
    {
        jobs.Add<SendLendingReminders>(SendLendingReminders.Name, SendLendingReminders.DefaultCron, JobPeriodKind.Day, skipHolidays: true)
            .Add<ReleaseNoShows>(ReleaseNoShows.Name, ReleaseNoShows.DefaultCron, JobPeriodKind.Hour, skipHolidays: true);
        DeskRegistration.AddJobs(jobs);
    }
}
