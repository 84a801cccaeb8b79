using System.Text;
using Ical.Net;
using StadtLabor.Bot.Downloads;
using StadtLabor.Bot.Features.Trainings;

namespace StadtLabor.Bot.Tests.Downloads;

public sealed class CalendarFileTests
{
    private static CalendarEvent Event(string summary = "Miro für Einsteiger", string location = "stadtLABOR, Raum 1.12") => new(
        "training-registration-7@stadtlabor-bot", new DateTime(2026, 12, 1, 8, 0, 0, DateTimeKind.Utc),
        new DateTime(2026, 12, 8, 9, 0, 0, DateTimeKind.Utc), new DateTime(2026, 12, 8, 11, 0, 0, DateTimeKind.Utc),
        summary, "Zeile eins\nZeile zwei; mit \\ Backslash", location, "https://teams.microsoft.com/l/meetup-join/abc", 3);

    [Fact]
    public void Write_ParsesBackWithIcalNet_SameValues()
    {
        var calendar = Calendar.Load(CalendarFile.Write(Event()))!;
        var e = Assert.Single(calendar.Events);
        Assert.Equal("PUBLISH", calendar.Method);
        Assert.Equal("training-registration-7@stadtlabor-bot", e.Uid);
        Assert.Equal("Miro für Einsteiger", e.Summary);
        Assert.Equal("stadtLABOR, Raum 1.12", e.Location);
        Assert.Equal("Zeile eins\nZeile zwei; mit \\ Backslash", e.Description);
        Assert.Equal(3, e.Sequence);
        Assert.Equal(new Uri("https://teams.microsoft.com/l/meetup-join/abc"), e.Url);
        Assert.True(e.DtStart!.IsUtc);
        Assert.Equal(new DateTime(2026, 12, 8, 9, 0, 0, DateTimeKind.Utc), e.DtStart.AsUtc);
        Assert.Equal(new DateTime(2026, 12, 8, 11, 0, 0, DateTimeKind.Utc), e.DtEnd!.AsUtc);
    }

    [Fact]
    public void Write_TimesInUtc_WithZ()
    {
        var ics = CalendarFile.Write(Event());
        Assert.Contains("\r\nDTSTART:20261208T090000Z\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("\r\nDTEND:20261208T110000Z\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("\r\nDTSTAMP:20261201T080000Z\r\n", ics, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_SpecialCharacters_Escaped()
    {
        var ics = CalendarFile.Write(Event(location: "Rathaus, Raum 2; 1. OG \\ Nord"));
        Assert.Contains("LOCATION:Rathaus\\, Raum 2\\; 1. OG \\\\ Nord\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("DESCRIPTION:Zeile eins\\nZeile zwei\\; mit \\\\ Backslash\r\n", ics, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_LongLines_FoldedAt75OctetsWithoutSplittingCharacters()
    {
        var summary = string.Concat(Enumerable.Repeat("Schulung für Übersichtlichkeit 🎓 ", 8));
        var ics = CalendarFile.Write(Event(summary: summary));

        Assert.EndsWith("\r\n", ics, StringComparison.Ordinal);
        var lines = ics[..^2].Split("\r\n");
        Assert.All(lines, line => Assert.True(Encoding.UTF8.GetByteCount(line) <= 75, line));
        Assert.Contains(lines, line => line.StartsWith(' '));
        Assert.DoesNotContain('\n', ics.Replace("\r\n", "", StringComparison.Ordinal));
        Assert.Equal(summary.TrimEnd(), Assert.Single(Calendar.Load(ics)!.Events).Summary!.TrimEnd());
    }

    [Fact]
    public void Write_NotAWebAddress_NoUrlLine()
    {
        var ics = CalendarFile.Write(Event() with { Url = "javascript:alert(1)" });
        Assert.DoesNotContain("\r\nURL:", ics, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_Cancelled_ParsesAsCancellationOfTheSameEvent()
    {
        var published = Assert.Single(Calendar.Load(CalendarFile.Write(Event()))!.Events);
        var calendar = Calendar.Load(CalendarFile.Write(Event() with { Sequence = 4, Cancelled = true, Organizer = "stadtlabor@soest.de" }))!;

        var e = Assert.Single(calendar.Events);
        Assert.Equal("CANCEL", calendar.Method);
        Assert.Equal("CANCELLED", e.Status);
        Assert.Equal(published.Uid, e.Uid);
        Assert.True(e.Sequence > published.Sequence);
        Assert.Equal(new Uri("mailto:stadtlabor@soest.de"), e.Organizer!.Value);
        Assert.Equal("CONFIRMED", published.Status);
    }

    [Fact]
    public void Write_OrganizerNotAPlainAddress_NoOrganizerLine()
    {
        var ics = CalendarFile.Write(Event() with { Organizer = "a@b.de\r\nATTENDEE:mailto:x@y.de" });
        Assert.DoesNotContain("ORGANIZER", ics, StringComparison.Ordinal);
        Assert.Contains("\r\nORGANIZER:mailto:lab@soest.de\r\n", CalendarFile.Write(Event() with { Organizer = "lab@soest.de" }), StringComparison.Ordinal);
    }

    [Fact]
    public void DownloadCalendar_MovedThenCancelled_SameUidAndSequenceGrows()
    {
        // Erika books (lock stamp 5), the lab team moves the session (6), then Erika cancels (7).
        var baseUri = new Uri("https://stadtlabor-bot.soest.de/");
        var booked = File(DownloadCalendar.Uid(42, 7, baseUri), DownloadCalendar.Sequence(5, cancelled: false), cancelled: false);
        var again = File(DownloadCalendar.Uid(42, 7, baseUri), DownloadCalendar.Sequence(5, cancelled: false), cancelled: false);
        var moved = File(DownloadCalendar.Uid(42, 7, baseUri), DownloadCalendar.Sequence(6, cancelled: false), cancelled: false);
        var withdrawn = File(DownloadCalendar.Uid(42, 7, baseUri), DownloadCalendar.Sequence(7, cancelled: true), cancelled: true);

        Assert.Equal("training-42-7@stadtlabor-bot.soest.de", booked.Uid);
        Assert.All(new[] { again, moved, withdrawn }, e => Assert.Equal(booked.Uid, e.Uid));
        Assert.Equal(booked.Sequence, again.Sequence);
        Assert.True(moved.Sequence > booked.Sequence);
        Assert.True(withdrawn.Sequence > moved.Sequence);
        // Even with no change of the session in between, the cancellation outranks the last published file.
        Assert.True(DownloadCalendar.Sequence(6, cancelled: true) > DownloadCalendar.Sequence(6, cancelled: false));
        Assert.Equal("CANCELLED", withdrawn.Status);
    }

    private static Ical.Net.CalendarComponents.CalendarEvent File(string uid, int sequence, bool cancelled) =>
        Assert.Single(Calendar.Load(CalendarFile.Write(Event() with { Uid = uid, Sequence = sequence, Cancelled = cancelled }))!.Events);
}
