using Ical.Net;
using StadtLabor.Bot.Features.Lending.Records;

namespace StadtLabor.Bot.Tests.Lending;

/// <summary>The lab team's lending feed as a calendar program reads it: parsed back with Ical.Net.</summary>
public sealed class RecordsFeedFileTests
{
    private static readonly DateTime Stamp = new(2026, 12, 5, 8, 0, 0, DateTimeKind.Utc);

    private static FeedEvent Loan(int n, string summary, DateTime start, DateTime end, int sequence = 0) =>
        new($"lending-reservation-{n}@stadtlabor-bot.soest.de", start, end, summary, "stadtLABOR im Rathaus, Raum 1.12", sequence);

    [Fact]
    public void Write_ManyEvents_ParsesBackWithIcalNetSameValues()
    {
        var long_ = "Mobiles stadtLABOR (Koffer mit VR-Brillen, Tablets, 3D-Drucker und Robotern) ×1: Mustermann, Erika; Ordnungsamt (bestätigt)";
        var ics = FeedFile.Write("stadtLABOR: Ausleihe", Stamp,
        [
            Loan(7, "VR-Brille ×2: Mustermann, Erika (bestätigt)", new(2026, 12, 8, 9, 0, 0, DateTimeKind.Utc), new(2026, 12, 10, 11, 0, 0, DateTimeKind.Utc), 3),
            Loan(8, long_, new(2027, 3, 26, 9, 0, 0, DateTimeKind.Utc), new(2027, 3, 29, 8, 0, 0, DateTimeKind.Utc)),
            new("lending-block-3@stadtlabor-bot.soest.de", new(2026, 12, 9, 0, 0, 0, DateTimeKind.Utc), new(2026, 12, 9, 0, 0, 0, DateTimeKind.Utc), "3D-Drucker ×1: gesperrt (Reparatur)", "", 0),
        ]);

        var calendar = Calendar.Load(ics)!;
        Assert.Equal("PUBLISH", calendar.Method);
        Assert.Equal(3, calendar.Events.Count);
        var first = calendar.Events.Single(e => e.Uid == "lending-reservation-7@stadtlabor-bot.soest.de");
        Assert.Equal("VR-Brille ×2: Mustermann, Erika (bestätigt)", first.Summary);
        Assert.Equal("stadtLABOR im Rathaus, Raum 1.12", first.Location);
        Assert.Equal(3, first.Sequence);
        Assert.True(first.DtStart!.IsUtc);
        Assert.Equal(new DateTime(2026, 12, 8, 9, 0, 0, DateTimeKind.Utc), first.DtStart.AsUtc);
        Assert.Equal(new DateTime(2026, 12, 10, 11, 0, 0, DateTimeKind.Utc), first.DtEnd!.AsUtc);
        Assert.Equal(long_, calendar.Events.Single(e => e.Uid!.EndsWith("-8@stadtlabor-bot.soest.de", StringComparison.Ordinal)).Summary);
        // An entry without length would be dropped by some clients: it gets a minute.
        var block = calendar.Events.Single(e => e.Uid!.StartsWith("lending-block-", StringComparison.Ordinal));
        Assert.True(block.DtEnd!.AsUtc > block.DtStart!.AsUtc);
        Assert.Null(block.Location);
        Assert.All(ics.Split("\r\n"), l => Assert.True(System.Text.Encoding.UTF8.GetByteCount(l) <= 75, l));
        Assert.Contains("\r\nX-WR-CALNAME:stadtLABOR: Ausleihe\r\n", ics, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_NoEvents_StillAValidCalendar()
    {
        var calendar = Calendar.Load(FeedFile.Write("stadtLABOR: Ausleihe", Stamp, []))!;

        Assert.Empty(calendar.Events);
        Assert.Equal("PUBLISH", calendar.Method);
    }

    [Theory]
    [InlineData("2026-12-05T14:00:00Z", "2026-12-05T23:00:00Z")] // winter: Berlin midnight is 23:00 UTC
    [InlineData("2026-07-05T21:30:00Z", "2026-07-05T22:00:00Z")] // summer, 23:30 in Berlin: 22:00 UTC
    [InlineData("2026-03-28T23:30:00Z", "2026-03-29T22:00:00Z")] // the Sunday the clocks go forward is 23 hours long
    public void OpenEnd_Now_EndOfTodayInBerlin(string now, string expected) =>
        Assert.Equal(DateTime.Parse(expected, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal),
            DownloadFeed.OpenEnd(DateTime.Parse(now, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal)));
}
