using StadtLabor.Bot.Roles;
using StadtLabor.Bot.Turns;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.Features.Lending.Desk;

/// <summary>
/// The lab's desk: today's pickups and returns (card and the 8:00 message), handover and return with the parts
/// checklist, the borrower's receipt, and maintenance blocks. LendingModule calls these three, so the desk's
/// registrations stay in one place.
/// </summary>
public static class DeskRegistration
{
    public static void AddServices(IServiceCollection services)
    {
        services.AddScoped<TodayOverview>();
        services.AddScoped<DeskRecipients>();
        services.AddScoped<Checklist>();
        services.AddScoped<ReceiptCard>();
        services.AddScoped<ServeCheck>();
        services.AddScoped<BlockList>();
        services.AddScoped<DeskCards>();
        services.AddScoped<ReturnSummary>();
        services.AddScoped<BlockForm>();
    }

    public static TurnRoutes MapTurns(TurnRoutes routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        return routes
            .Verb<ShowToday>("lendingAdmin.today", Role.LabTeam)
            .Verb<ShowHandoverForm>("lendingAdmin.handoverForm", Role.LabTeam)
            .Verb<HandOver>("lendingAdmin.handover", Role.LabTeam)
            .Verb<ShowReturnForm>("lendingAdmin.returnForm", Role.LabTeam)
            .Verb<TakeBack>("lendingAdmin.return", Role.LabTeam)
            .Verb<ShowBlocks>("lendingAdmin.blocks", Role.LabTeam)
            .Verb<ShowBlockForm>("lendingAdmin.blockForm", Role.LabTeam)
            .Verb<CreateBlock>("lendingAdmin.block", Role.LabTeam)
            .Verb<ClearBlock>("lendingAdmin.clearBlock", Role.LabTeam)
            // The borrower's own button on the handover message; who may press it is decided in the handler.
            .Verb<ConfirmReceipt>("lending.confirmReceipt");
    }

    public static JobCatalog AddJobs(JobCatalog jobs)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        // Working days only: the cron leaves out weekends, the calendar NRW holidays (and the job checks the day again).
        return jobs.Add<SendTodayOverview>(SendTodayOverview.Name, SendTodayOverview.DefaultCron, JobPeriodKind.Day, skipHolidays: true);
    }
}
