using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Features.Lending;
using StadtLabor.Bot.Features.Lending.Catalogue;
using StadtLabor.Bot.Features.Trainings;

namespace StadtLabor.Bot.Tests.Lending;

/// <summary>
/// The catalogue's calendar and search with the lab's default hours (Mon–Wed 8–16, Thu 8–17:30, Fri 8–12:30, lead time
/// 24 hours): open days skip weekends and NRW holidays, the form starts at the next reachable opening, and the nearest
/// free range keeps the clock times and every time rule.
/// </summary>
public sealed class CatalogueCalendarTests
{
    private static readonly LendingOptions Lab = new();

    private static DateTime Berlin(int month, int day, int hour, int minute = 0, int year = 2026) =>
        TrainingTime.ToUtc(new DateTime(year, month, day, hour, minute, 0));

    [Fact]
    public void Ahead_AroundChristmas_SkipsHolidaysAndWeekends()
    {
        // Tuesday 22 Dec, 09:00: the lead time leaves Wednesday from 09:00 on; 25 Dec and 1 Jan are holidays.
        var days = OpenDays.Ahead(Berlin(12, 22, 9), Lab).Take(7).ToList();

        Assert.Equal(
            [new DateOnly(2026, 12, 23), new DateOnly(2026, 12, 24), new DateOnly(2026, 12, 28), new DateOnly(2026, 12, 29),
             new DateOnly(2026, 12, 30), new DateOnly(2026, 12, 31), new DateOnly(2027, 1, 4)],
            days.Select(d => d.Date));
        Assert.Equal(Berlin(12, 23, 9), days[0].FromUtc);
        Assert.Equal(Berlin(12, 23, 16), days[0].ToUtc);
        Assert.Equal(Berlin(12, 24, 8), days[1].FromUtc);
        Assert.Equal(Berlin(12, 24, 17, 30), days[1].ToUtc);
    }

    [Fact]
    public void Ahead_LeadTimePastClosing_DayLeftOut()
    {
        // Thursday 17:00: Friday closes at 12:30, before the 24 hours are up.
        var days = OpenDays.Ahead(Berlin(12, 10, 17), Lab).Take(1).ToList();

        Assert.Equal(new DateOnly(2026, 12, 14), days[0].Date);
        Assert.Equal(Berlin(12, 14, 8), days[0].FromUtc);
    }

    [Fact]
    public void DefaultRange_ThursdayMorning_FridayFromOpeningToClosing()
    {
        var range = OpenDays.DefaultRange(Berlin(12, 10, 7), Lab);

        Assert.Equal(new LendingRange(Berlin(12, 11, 8), Berlin(12, 11, 12, 30)), range);
        Assert.Empty(ReservationRules.TimeRules(null, range, Berlin(12, 10, 7), Lab, Strings.German));
    }

    [Fact]
    public void DefaultRange_MidDay_NextFullOpeningNotTheRestOfADay()
    {
        // Monday 10:00: Tuesday from 10:00 would keep the lead time, but the form offers a whole day: Wednesday.
        var range = OpenDays.DefaultRange(Berlin(12, 7, 10), Lab);

        Assert.Equal(new LendingRange(Berlin(12, 9, 8), Berlin(12, 9, 16)), range);
    }

    [Fact]
    public void HoursText_DefaultHours_SameHoursJoined()
    {
        var words = new Strings();

        Assert.Equal("Mo.–Mi. 08:00–16:00 Uhr, Do. 08:00–17:30 Uhr, Fr. 08:00–12:30 Uhr", OpenDays.HoursText(words, Strings.German, Lab));
        Assert.Equal("Mon–Wed 08:00–16:00, Thu 08:00–17:30, Fri 08:00–12:30", OpenDays.HoursText(words, Strings.English, Lab));
    }

    [Fact]
    public void Nearest_BookedOnTheDay_LaterDayFirstThenEarlier()
    {
        var item = new LendingItem { Id = 7, Name = "VR-Brille", Quantity = 1 };
        var now = Berlin(12, 7, 7);
        var range = new LendingRange(Berlin(12, 9, 9), Berlin(12, 9, 11));
        var booked = new List<Use> { new(7, 1, Berlin(12, 9, 8), Berlin(12, 9, 16)) };

        var later = FreeSearch.Nearest(Snapshot(item, now, booked), item, range, now, Lab, now, Berlin(12, 31, 0));
        booked.Add(new Use(7, 1, Berlin(12, 10, 8), Berlin(12, 10, 17)));
        var earlier = FreeSearch.Nearest(Snapshot(item, now, booked), item, range, now, Lab, now, Berlin(12, 31, 0));

        Assert.Equal(new LendingRange(Berlin(12, 10, 9), Berlin(12, 10, 11)), later);
        Assert.Equal(new LendingRange(Berlin(12, 8, 9), Berlin(12, 8, 11)), earlier);
    }

    [Fact]
    public void Nearest_CandidatesOnWeekendOrBeforeLeadTime_Skipped()
    {
        var item = new LendingItem { Id = 7, Name = "VR-Brille", Quantity = 1 };
        // Thursday 09:00; asked: Friday 09:00–11:00, booked. Thursday is inside the lead time, Saturday and Sunday closed.
        var now = Berlin(12, 10, 9);
        var range = new LendingRange(Berlin(12, 11, 9), Berlin(12, 11, 11));
        List<Use> booked = [new(7, 1, Berlin(12, 11, 8), Berlin(12, 11, 12, 30))];

        var nearest = FreeSearch.Nearest(Snapshot(item, now, booked), item, range, now, Lab, now, Berlin(12, 31, 0));

        Assert.Equal(new LendingRange(Berlin(12, 14, 9), Berlin(12, 14, 11)), nearest);
    }

    [Fact]
    public void Nearest_NeverFreeInTheWindow_Null()
    {
        var item = new LendingItem { Id = 7, Name = "VR-Brille", Quantity = 1 };
        var now = Berlin(12, 7, 7);
        var range = new LendingRange(Berlin(12, 9, 9), Berlin(12, 9, 11));
        List<Use> blocked = [new(7, 1, now, DateTime.MaxValue)];

        Assert.Null(FreeSearch.Nearest(Snapshot(item, now, blocked), item, range, now, Lab, now, Berlin(12, 31, 0, year: 2027)));
    }

    [Fact]
    public void Similar_SameCategoryFreeOnly_ByNameAtMostThree()
    {
        var range = new LendingRange(Berlin(12, 9, 9), Berlin(12, 9, 11));
        LendingItem Item(long id, string name, string category) => new() { Id = id, Name = name, Category = category };
        var asked = Item(1, "Quest", "VR");
        List<LendingItem> offered = [asked, Item(2, "Pico", "VR"), Item(3, "Vive", "VR"), Item(4, "Index", "VR"), Item(5, "Rift", "VR"),
            Item(6, "Drucker", "3D")];
        var free = new Dictionary<long, int> { [1] = 0, [2] = 2, [3] = 1, [4] = 0, [5] = 1, [6] = 1 };

        var similar = FreeSearch.Similar(offered, asked, free, range, Berlin(12, 7, 7), Lab);

        Assert.Equal(["Pico", "Rift", "Vive"], similar.Select(s => s.Item.Name));
        Assert.Equal([2, 1, 1], similar.Select(s => s.Free));
    }

    private static AvailabilitySnapshot Snapshot(LendingItem item, DateTime fromUtc, List<Use> uses) =>
        new(fromUtc, DateTime.MaxValue,
            new Dictionary<long, ItemStock> { [item.Id] = new(item.Quantity, false, false) },
            new Dictionary<long, List<(long PartId, int Count)>>(),
            new Dictionary<long, List<Use>> { [item.Id] = uses });
}
