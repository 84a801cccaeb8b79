using Microsoft.Extensions.Options;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Downloads;
using StadtLabor.Bot.Features.Lending.Admin;
using StadtLabor.Bot.Features.Lending.Catalogue;
using StadtLabor.Bot.Features.Lending.Desk;
using StadtLabor.Bot.Features.Lending.Jobs;
using StadtLabor.Bot.Features.Lending.Records;
using StadtLabor.Bot.Features.Lending.Reservations;
using StadtLabor.Bot.Features.Privacy;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Hosting;
using StadtLabor.Bot.Roles;
using StadtLabor.Bot.Turns;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.Features.Lending;

/// <summary>
/// Lending: the Mobiles stadtLABOR kit and the lab's devices, reserved in the chat, approved where needed, handed
/// over and taken back with a parts checklist. Every count of free units comes from <see cref="Availability"/>,
/// every change runs under the <see cref="ItemLock"/>. Sub-areas: Catalogue (browse, "Was ist frei?"),
/// Reservations (reserve, change, cancel, extend, "meine ausleihen"), Admin (items, kits, photos, approvals),
/// Desk (today, handover, return, maintenance), Jobs (reminders, no-shows), Records (feeds, history, privacy).
/// </summary>
public sealed class LendingModule : IFeatureModule
{
    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LendingOptions>().Bind(configuration.GetSection(LendingOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LendingOptions>, LendingOptionsValidator>();
        services.AddScoped<Availability>();
        services.AddScoped<LendingWatchers>();
        services.AddScoped<Alternatives>();
        if (configuration.GetValue<bool>(DemoTrainings.Setting)) services.AddHostedService<DemoLending>();

        services.AddScoped<CatalogueView>();
        services.AddScoped<CatalogueList>();
        services.AddScoped<MaintenanceNotes>();
        services.AddScoped<FreeCard>();

        services.AddScoped<ReservationView>();
        services.AddScoped<ReservationForm>();
        services.AddScoped<ReservationFacts>();
        services.AddScoped<ReservationReceipts>();
        services.AddScoped<IMyItemsSection, MyLoansSection>();

        services.AddScoped<AdminOverview>();
        services.AddScoped<ItemList>();
        services.AddScoped<ItemFormCard>();
        services.AddScoped<LostReservations>();
        services.AddScoped<ApprovalList>();
        services.AddScoped<PhotoStore>();
        // Its own client rather than the connector's: one short attempt (the turn must answer within Teams' 15 s), no
        // redirects (the bytes come from the connector host or not at all), and the same token handler.
        services.AddHttpClient(PhotoFetcher.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(5))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
            .AddHttpMessageHandler(sp => new ConnectorTokenHandler(
                sp.GetRequiredService<ConnectorCredential>().Credential,
                sp.GetRequiredService<IOptions<BotOptions>>().Value.Credential.Scope,
                sp.GetRequiredService<TimeProvider>()));
        services.AddScoped<PhotoFetcher>();

        services.AddScoped<TodayOverview>();
        services.AddScoped<DeskRecipients>();
        services.AddScoped<Checklist>();
        services.AddScoped<ReceiptCard>();
        services.AddScoped<ServeCheck>();
        services.AddScoped<BlockList>();
        services.AddScoped<DeskCards>();
        services.AddScoped<ReturnSummary>();
        services.AddScoped<BlockForm>();
        services.AddScoped<RecordHandover>();
        services.AddScoped<RecordReturn>();
        services.AddScoped<RecordBlock>();

        services.AddDownloadLinks(configuration);
        services.AddSingleton<RecordLinks>();
        services.AddRetentionPolicy<PurgeLendingRecords>();
        services.AddRetentionPolicy<EmptyLendingPurposes>();
        services.AddPersonalData<LendingPersonalData>();
    }

    public void MapTurns(TurnRoutes routes)
    {
        // Staff. Every verb checks that the person owns what they touch (the person from the signed activity).
        routes.Command<ShowCatalogue>("ausleihen", "ausleihe", "leihen", "borrow", "lending")
            .Verb<ShowCatalogue>("lending.catalogue")
            .Verb<ShowItem>("lending.item")
            .InterpretUnknownText<FindFree>()
            .Verb<FindFree>("lending.findFree")
            .Verb<WatchItem>("lending.watch")
            .Verb<ShowReserveForm>("lending.reserveForm")
            .Verb<Reserve>("lending.reserve")
            .Verb<ShowChangeForm>("lending.changeForm")
            .Verb<ChangeDates>("lending.change")
            .Verb<CancelReservation>("lending.cancel")
            .Verb<ExtendLoan>("lending.extend")
            .Command<ShowMyLoans>("meine ausleihen", "ausleihen meine", "my loans")
            .Verb<ShowMyLoans>("lending.mine")
            // The borrower's own button on the handover message; who may press it is decided in the handler.
            .Verb<ConfirmReceipt>("lending.confirmReceipt");

        // The lab team; the router sends their cards to the person's 1:1 chat only.
        routes.Command<ManageLending>(Role.LabTeam, "ausleihe verwalten", "ausleihen verwalten", "manage lending")
            .Verb<ManageLending>("lendingAdmin.overview", Role.LabTeam)
            .Verb<ShowItems>("lendingAdmin.items", Role.LabTeam)
            .Verb<ShowItemForm>("lendingAdmin.itemForm", Role.LabTeam)
            .Verb<SaveItem>("lendingAdmin.saveItem", Role.LabTeam)
            .Verb<RetireItem>("lendingAdmin.retire", Role.LabTeam)
            .Command<UploadPhoto>(Role.LabTeam, "foto", "photo")
            .Verb<ShowApprovals>("lendingAdmin.approvals", Role.LabTeam)
            .Verb<DecideReservation>("lendingAdmin.approve", Role.LabTeam)
            .Verb<DecideReservation>("lendingAdmin.decline", Role.LabTeam)
            .Verb<ShowToday>("lendingAdmin.today", Role.LabTeam)
            .Verb<ShowHandoverForm>("lendingAdmin.handoverForm", Role.LabTeam)
            .Verb<HandOver>("lendingAdmin.handover", Role.LabTeam)
            .Verb<ShowReturnForm>("lendingAdmin.returnForm", Role.LabTeam)
            .Verb<TakeBack>("lendingAdmin.return", Role.LabTeam)
            .Verb<ShowBlocks>("lendingAdmin.blocks", Role.LabTeam)
            .Verb<ShowBlockForm>("lendingAdmin.blockForm", Role.LabTeam)
            .Verb<CreateBlock>("lendingAdmin.block", Role.LabTeam)
            .Verb<ClearBlock>("lendingAdmin.clearBlock", Role.LabTeam)
            .Verb<ShowRecords>(ShowRecords.Verb, Role.LabTeam);
    }

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        ServePhoto.Map(app);
        DownloadFeed.Map(app);
        DownloadHistory.Map(app);
    }

    // Working days only: the crons leave out weekends, the calendar NRW holidays (and each job checks the day again).
    public void AddJobs(JobCatalog jobs) =>
        jobs.Add<SendLendingReminders>(SendLendingReminders.Name, SendLendingReminders.DefaultCron, JobPeriodKind.Day, skipHolidays: true)
            .Add<ReleaseNoShows>(ReleaseNoShows.Name, ReleaseNoShows.DefaultCron, JobPeriodKind.Hour, skipHolidays: true)
            .Add<SendTodayOverview>(SendTodayOverview.Name, SendTodayOverview.DefaultCron, JobPeriodKind.Day, skipHolidays: true);
}
