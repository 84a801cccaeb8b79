using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Features.Trainings.Calendar;
using StadtLabor.Bot.Graph;

namespace StadtLabor.Bot.Tests.Trainings;

/// <summary>The rules of the Outlook invitations that need no database: the switch, the transactionId, what each request carries.</summary>
public sealed class TrainingInvitationShapeTests
{
    private static GraphOptions Options(bool graph = true, bool calendar = true, string? mailbox = "stadtlabor@soest.example") =>
        new() { Enabled = graph, Calendar = { Enabled = calendar }, OrganizerMailbox = mailbox };

    [Fact]
    public void Switch_OnlyWithGraphCalendarAndMailbox_EnqueuesAnything()
    {
        Assert.True(TrainingCalendar.On(Options()));
        Assert.False(TrainingCalendar.On(Options(graph: false)));
        Assert.False(TrainingCalendar.On(Options(calendar: false)));
        Assert.False(TrainingCalendar.On(Options(mailbox: " ")));
    }

    [Fact]
    public void TransactionId_SameSessionAndGeneration_Same_OtherwiseDifferent()
    {
        var first = EventShape.TransactionId("stadtlabor@soest.example", 17, 0);
        Assert.Equal(first, EventShape.TransactionId("STADTLABOR@soest.example", 17, 0));
        Assert.NotEqual(first, EventShape.TransactionId("stadtlabor@soest.example", 17, 1));
        Assert.NotEqual(first, EventShape.TransactionId("stadtlabor@soest.example", 18, 0));
        Assert.True(Guid.TryParse(first, out _));
    }

    [Fact]
    public void Requests_AttendeesOnlyAndMove_CarryNothingElse()
    {
        var session = new TrainingSession { Id = 1, Title = "Miro für Einsteiger", StartsAtUtc = new DateTime(2026, 12, 15, 9, 0, 0, DateTimeKind.Utc),
            EndsAtUtc = new DateTime(2026, 12, 15, 11, 0, 0, DateTimeKind.Utc), Place = "Raum 1.12", OnlineUrl = "https://teams.microsoft.com/l/x" };
        var details = EventDetails.Of(session, "Miro", "Text");
        var attendees = EventShape.AttendeesOnly([new Invitee("a@soest.example", "A")]);
        Assert.Null(attendees.Start);
        Assert.Null(attendees.IsOnlineMeeting);
        Assert.Single(attendees.Attendees!);
        var move = EventShape.Details(details, includeOnline: false);
        Assert.Null(move.Attendees);
        Assert.Null(move.IsOnlineMeeting);
        Assert.Equal("2026-12-15T09:00:00.0000000", move.Start!.DateTime);
        var created = EventShape.New(details, [], "t");
        Assert.True(created.IsOnlineMeeting);
        Assert.Equal(Microsoft.Graph.Models.OnlineMeetingProviderType.TeamsForBusiness, created.OnlineMeetingProvider);
        Assert.Equal(EventShape.DetailsHash(details), EventShape.DetailsHash(EventShape.DetailsOf(created)));
    }

    [Fact]
    public void Addresses_OrderAndCaseDoNotMatter_GuestsWithoutMailHaveNone()
    {
        Assert.Equal(EventShape.AttendeesHash(["a@x.de", "B@x.de"]), EventShape.AttendeesHash(["b@x.de", "A@x.de"]));
        Assert.NotEqual(EventShape.AttendeesHash(["a@x.de"]), EventShape.AttendeesHash(["a@x.de", "b@x.de"]));
        Assert.Equal("m@x.de", AttendeeAddresses.AddressOf("m@x.de", "u@x.de"));
        Assert.Equal("u@x.de", AttendeeAddresses.AddressOf(null, "u@x.de"));
        Assert.Null(AttendeeAddresses.AddressOf(null, "gast_x.de#EXT#@soest.onmicrosoft.com"));
    }
}
