using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Lending.Reservations;

/// <summary>The staff side of reserving (services and verbs), called from <see cref="LendingModule"/>. All verbs are Staff: each checks the person owns what they touch.</summary>
public static class ReservationRoutes
{
    public static void AddServices(IServiceCollection services)
    {
        services.AddScoped<ReservationView>();
        services.AddScoped<ReservationForm>();
        services.AddScoped<ReservationFacts>();
        services.AddScoped<ReservationReceipts>();
        services.AddScoped<IMyItemsSection, MyLoansSection>();
    }

    public static void MapTurns(TurnRoutes routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        routes.Verb<ShowReserveForm>("lending.reserveForm")
            .Verb<Reserve>("lending.reserve")
            .Verb<ShowChangeForm>("lending.changeForm")
            .Verb<ChangeDates>("lending.change")
            .Verb<CancelReservation>("lending.cancel")
            .Verb<ExtendLoan>("lending.extend")
            .Command<ShowMyLoans>("meine ausleihen", "ausleihen meine", "my loans")
            .Verb<ShowMyLoans>("lending.mine");
    }
}
