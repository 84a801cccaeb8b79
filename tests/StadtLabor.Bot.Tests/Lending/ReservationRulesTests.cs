using StadtLabor.Bot.Features.Lending;
using StadtLabor.Bot.Features.Trainings;

namespace StadtLabor.Bot.Tests.Lending;

/// <summary>
/// Every reservation rule at its boundary, with fixed instants in Europe/Berlin (default options: Mon–Wed 08:00–16:00,
/// Thu until 17:30, Fri until 12:30; min 2 hours, max 14 days, lead 24 hours, 120 days ahead, 3 open per person).
/// Erika from the Ordnungsamt borrows VR headsets (6 of them).
/// </summary>
public sealed class ReservationRulesTests
{
    private static readonly LendingOptions Options = new();

    private static DateTime Berlin(int year, int month, int day, int hour, int minute = 0) =>
        TrainingTime.ToUtc(new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified));

    private static LendingItem Headsets(Action<LendingItem>? adjust = null)
    {
        var item = new LendingItem { Id = 1, Name = "VR-Brille", Quantity = 6 };
        adjust?.Invoke(item);
        return item;
    }

    // Monday 2 Nov 2026, 09:00 in Berlin (winter time).
    private static readonly DateTime Now = Berlin(2026, 11, 2, 9);

    private static IReadOnlyList<string> Broken(DateTime fromUtc, DateTime toUtc, DateTime? nowUtc = null, int quantity = 1,
        LendingItem? item = null, int free = 6, int open = 0, int held = 0, bool trained = true, bool extension = false,
        LendingOptions? options = null) =>
        [.. ReservationRules.Check(new ReservationRequest(item ?? Headsets(), quantity, new LendingRange(fromUtc, toUtc), nowUtc ?? Now,
            free, open, held, trained, extension), options ?? Options, "de").Select(b => b.Rule)];

    [Fact]
    public void Check_TuesdayToWednesdayInsideHours_NothingBroken() =>
        Assert.Empty(Broken(Berlin(2026, 11, 3, 10), Berlin(2026, 11, 4, 10)));

    [Fact]
    public void LeadTime_PickupExactly24HoursAhead_Allowed() =>
        Assert.Empty(Broken(Now.AddHours(24), Berlin(2026, 11, 4, 10)));

    [Fact]
    public void LeadTime_PickupOneMinuteShortOf24Hours_Broken() =>
        Assert.Equal([ReservationRules.LeadTime], Broken(Now.AddHours(24).AddMinutes(-1), Berlin(2026, 11, 4, 10)));

    [Fact]
    public void LeadTime_Extension_NotAsked() =>
        Assert.Empty(Broken(Berlin(2026, 10, 29, 10), Berlin(2026, 11, 2, 15), extension: true));

    [Fact]
    public void LeadTime_ChangeThatKeepsThePickupInsideTheLeadTime_NotAskedAgain()
    {
        // Erika's pickup is tomorrow morning; she only moves the return by a day.
        var request = new ReservationRequest(Headsets(), 1, new LendingRange(Berlin(2026, 11, 3, 8), Berlin(2026, 11, 5, 10)), Now, 6, 0, 0, true);
        Assert.Equal([ReservationRules.LeadTime], ReservationRules.Check(request, Options, "de").Select(b => b.Rule));
        Assert.Empty(ReservationRules.Check(request with { PickupKept = true }, Options, "de"));
    }

    [Fact]
    public void Holiday_PickupOnCorpusChristi2026_PickupDayBroken()
    {
        var now = Berlin(2026, 6, 1, 9);
        Assert.Equal([ReservationRules.PickupDay], Broken(Berlin(2026, 6, 4, 10), Berlin(2026, 6, 5, 10), now));
        Assert.Empty(Broken(Berlin(2026, 6, 3, 10), Berlin(2026, 6, 5, 10), now));
    }

    [Fact]
    public void Holiday_ReturnOnGermanUnityDay_ReturnDayBroken()
    {
        var now = Berlin(2025, 9, 29, 9); // Fri 3 Oct 2025 is Tag der Deutschen Einheit
        Assert.Equal([ReservationRules.ReturnDay], Broken(Berlin(2025, 9, 30, 10), Berlin(2025, 10, 3, 10), now));
        Assert.Empty(Broken(Berlin(2025, 9, 30, 10), Berlin(2025, 10, 2, 10), now));
    }

    [Fact]
    public void Weekend_PickupSaturdayReturnSunday_BothDaysBroken() =>
        Assert.Equal([ReservationRules.PickupDay, ReservationRules.ReturnDay], Broken(Berlin(2026, 11, 7, 10), Berlin(2026, 11, 8, 10)));

    [Fact]
    public void OpeningHours_PickupAtOpeningMinute_Allowed_OneMinuteEarlier_Broken()
    {
        Assert.Empty(Broken(Berlin(2026, 11, 4, 8), Berlin(2026, 11, 4, 12)));
        Assert.Equal([ReservationRules.PickupHours], Broken(Berlin(2026, 11, 4, 7, 59), Berlin(2026, 11, 4, 12)));
    }

    [Fact]
    public void OpeningHours_ReturnAtClosingMinute_Allowed_OneMinuteLater_Broken()
    {
        Assert.Empty(Broken(Berlin(2026, 11, 4, 10), Berlin(2026, 11, 4, 16)));
        Assert.Equal([ReservationRules.ReturnHours], Broken(Berlin(2026, 11, 4, 10), Berlin(2026, 11, 4, 16, 1)));
        Assert.Empty(Broken(Berlin(2026, 11, 5, 10), Berlin(2026, 11, 5, 17, 30))); // Thursday closes later
    }

    [Fact]
    public void OpeningHours_FridayShortDay_ReturnAt1230Allowed_1231Broken()
    {
        Assert.Empty(Broken(Berlin(2026, 11, 4, 10), Berlin(2026, 11, 6, 12, 30)));
        Assert.Equal([ReservationRules.ReturnHours], Broken(Berlin(2026, 11, 4, 10), Berlin(2026, 11, 6, 12, 31)));
    }

    [Fact]
    public void MinDuration_TwoHoursExactly_Allowed_OneMinuteLess_Broken()
    {
        Assert.Empty(Broken(Berlin(2026, 11, 4, 10), Berlin(2026, 11, 4, 12)));
        Assert.Equal([ReservationRules.MinDuration], Broken(Berlin(2026, 11, 4, 10), Berlin(2026, 11, 4, 11, 59)));
    }

    [Fact]
    public void MaxDuration_FourteenCalendarDays_Allowed_Fifteen_Broken()
    {
        Assert.Empty(Broken(Berlin(2026, 11, 4, 10), Berlin(2026, 11, 18, 10)));
        Assert.Equal([ReservationRules.MaxDuration], Broken(Berlin(2026, 11, 4, 10), Berlin(2026, 11, 19, 10)));
    }

    [Fact]
    public void MaxDuration_ItemLimit_WinsOverTheLabDefault() =>
        Assert.Equal([ReservationRules.MaxDuration], Broken(Berlin(2026, 11, 4, 10), Berlin(2026, 11, 6, 10), item: Headsets(i => i.MaxDays = 1)));

    [Fact]
    public void MaxDuration_AcrossAutumnDstSunday_CountsCalendarDaysNotHours()
    {
        // Fri 23 Oct 10:00 (summer time) to Mon 26 Oct 10:00 (winter time): 73 real hours, 3 calendar days.
        var now = Berlin(2026, 10, 19, 9);
        var item = Headsets(i => i.MaxDays = 3);
        Assert.Empty(Broken(Berlin(2026, 10, 23, 10), Berlin(2026, 10, 26, 10), now, item: item));
        Assert.Equal([ReservationRules.MaxDuration], Broken(Berlin(2026, 10, 23, 10), Berlin(2026, 10, 27, 10), now, item: item));
    }

    [Fact]
    public void MinDuration_AcrossSpringDstSunday_CountsRealHours()
    {
        // Fri 27 Mar 12:00 to Mon 30 Mar 08:00: 68 hours on the clock, 67 real hours (29 Mar loses one).
        var now = Berlin(2026, 3, 23, 9);
        var options = new LendingOptions { MinHours = 68 };
        Assert.Equal([ReservationRules.MinDuration], Broken(Berlin(2026, 3, 27, 12), Berlin(2026, 3, 30, 8), now, options: options));
        options.MinHours = 67;
        Assert.Empty(Broken(Berlin(2026, 3, 27, 12), Berlin(2026, 3, 30, 8), now, options: options));
    }

    [Fact]
    public void MinDuration_AcrossAutumnDstSunday_CountsRealHours()
    {
        // Fri 23 Oct 12:00 to Mon 26 Oct 08:00: 68 hours on the clock, 69 real hours (25 Oct gains one).
        var now = Berlin(2026, 10, 19, 9);
        Assert.Empty(Broken(Berlin(2026, 10, 23, 12), Berlin(2026, 10, 26, 8), now, options: new LendingOptions { MinHours = 69 }));
        Assert.Equal([ReservationRules.MinDuration], Broken(Berlin(2026, 10, 23, 12), Berlin(2026, 10, 26, 8), now, options: new LendingOptions { MinHours = 70 }));
    }

    [Fact]
    public void MaxAdvance_120DaysAhead_Allowed_121_Broken()
    {
        // 2 Mar 2027 is day 120 after 2 Nov 2026 (a Tuesday); 3 Mar is day 121.
        Assert.Empty(Broken(Berlin(2027, 3, 2, 10), Berlin(2027, 3, 2, 14)));
        Assert.Equal([ReservationRules.MaxAdvance], Broken(Berlin(2027, 3, 3, 10), Berlin(2027, 3, 3, 14)));
    }

    [Fact]
    public void Order_ReturnBeforePickup_OnlyThatIsSaid() =>
        Assert.Equal([ReservationRules.Order], Broken(Berlin(2026, 11, 4, 12), Berlin(2026, 11, 4, 10)));

    [Fact]
    public void Quantity_ZeroOrAboveStock_Broken_AllOfStockAllowed()
    {
        var from = Berlin(2026, 11, 4, 10);
        var to = Berlin(2026, 11, 5, 10);
        Assert.Equal([ReservationRules.Quantity], Broken(from, to, quantity: 0));
        Assert.Equal([ReservationRules.Quantity], Broken(from, to, quantity: 7));
        Assert.Empty(Broken(from, to, quantity: 6));
    }

    [Fact]
    public void NotFree_FewerFreeThanWanted_Broken_ButOnlyWhenTheDatesAreFine()
    {
        var from = Berlin(2026, 11, 4, 10);
        var to = Berlin(2026, 11, 5, 10);
        Assert.Empty(Broken(from, to, quantity: 2, free: 2));
        Assert.Equal([ReservationRules.NotFree], Broken(from, to, quantity: 2, free: 1));
        Assert.Equal([ReservationRules.PickupDay], Broken(Berlin(2026, 11, 7, 10), Berlin(2026, 11, 9, 10), quantity: 2, free: 0));
    }

    [Fact]
    public void OpenLimit_ThirdOpenAllowed_FourthBroken_ExtensionNotCounted()
    {
        var from = Berlin(2026, 11, 4, 10);
        var to = Berlin(2026, 11, 5, 10);
        Assert.Empty(Broken(from, to, open: 2));
        Assert.Equal([ReservationRules.OpenLimit], Broken(from, to, open: 3));
        Assert.Empty(Broken(from, to, open: 3, extension: true));
    }

    [Fact]
    public void PersonLimit_HeldPlusWantedAboveItemLimit_Broken()
    {
        var item = Headsets(i => i.MaxPerPerson = 2);
        var from = Berlin(2026, 11, 4, 10);
        var to = Berlin(2026, 11, 5, 10);
        Assert.Empty(Broken(from, to, quantity: 1, item: item, held: 1));
        Assert.Equal([ReservationRules.PersonLimit], Broken(from, to, quantity: 2, item: item, held: 1));
    }

    [Fact]
    public void Training_NotAttended_Broken() =>
        Assert.Equal([ReservationRules.Training], Broken(Berlin(2026, 11, 4, 10), Berlin(2026, 11, 5, 10), trained: false));

    [Fact]
    public void Retired_OrPartOnlyInKit_SaidAlone()
    {
        var from = Berlin(2026, 11, 7, 10); // a Saturday: not mentioned, the item itself is the reason
        var to = Berlin(2026, 11, 8, 10);
        Assert.Equal([ReservationRules.Retired], Broken(from, to, item: Headsets(i => i.RetiredAtUtc = Now)));
        Assert.Equal([ReservationRules.NotAlone], Broken(from, to, item: Headsets(i => i.LendableAlone = false)));
    }

    [Fact]
    public void Words_EveryRule_FormatsInBothLanguagesWithItsValues()
    {
        var words = new StadtLabor.Bot.Cards.Strings();
        var broken = ReservationRules.Check(new ReservationRequest(Headsets(i => i.MaxPerPerson = 1), 9,
            new LendingRange(Berlin(2026, 11, 7, 7), Berlin(2026, 11, 7, 8)), Now, 0, 5, 3, false), Options, "de");
        Assert.NotEmpty(broken);
        foreach (var lang in StadtLabor.Bot.Cards.Strings.Languages)
            foreach (var b in broken)
                Assert.DoesNotContain("{", words.Format(lang, $"lendingRules.{b.Rule}", b.Values), StringComparison.Ordinal);
    }
}
