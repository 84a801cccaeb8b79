using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Lending.Reservations;

/// <summary>The answers to input a reservation verb cannot use; nothing is changed when one of them is given.</summary>
public static class ReservationAnswers
{
    public static VerbResult Refused(TurnContext turn, string reason) =>
        turn.ErrorCard(turn.Word($"lendingReserve.refuse.{reason}"));

    public static VerbResult BadRequest(TurnContext turn) => Refused(turn, "badRequest");

    public static VerbResult UnknownUser(TurnContext turn) => Refused(turn, "unknownUser");

    public static VerbResult UnknownItem(TurnContext turn) => Refused(turn, "unknownItem");

    /// <summary>A reservation id that is not the clicking person's: said plainly, without telling whose it is.</summary>
    public static VerbResult NotYours(TurnContext turn) => Refused(turn, "notYours");

    public static VerbResult UnknownReservation(TurnContext turn) => Refused(turn, "unknownReservation");
}
