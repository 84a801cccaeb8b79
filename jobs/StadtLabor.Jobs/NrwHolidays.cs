using System.Collections.Concurrent;

namespace StadtLabor.Jobs;

public readonly record struct Holiday(DateOnly Date, string Name);

/// <summary>
/// The statutory public holidays of Nordrhein-Westfalen (Feiertagsgesetz NW), computed so no list runs out.
/// Ostersonntag and Pfingstsonntag are left out: they are Sundays anyway.
/// </summary>
public static class NrwHolidays
{
    private static readonly ConcurrentDictionary<int, Holiday[]> Years = new();

    public static IReadOnlyList<Holiday> For(int year) => Years.GetOrAdd(year, Compute);

    public static bool IsHoliday(DateOnly date) => Array.Exists(Years.GetOrAdd(date.Year, Compute), h => h.Date == date);

    /// <summary>Easter Sunday in the Gregorian calendar (Gauss' rule in the anonymous form Meeus gives).</summary>
    public static DateOnly EasterSunday(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = (19 * a + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + 2 * e + 2 * i - h - k) % 7;
        var m = (a + 11 * h + 22 * l) / 451;
        var monthAndDay = h + l - 7 * m + 114;
        return new DateOnly(year, monthAndDay / 31, monthAndDay % 31 + 1);
    }

    private static Holiday[] Compute(int year)
    {
        var easter = EasterSunday(year);
        return
        [
            new(new DateOnly(year, 1, 1), "Neujahr"),
            new(easter.AddDays(-2), "Karfreitag"),
            new(easter.AddDays(1), "Ostermontag"),
            new(new DateOnly(year, 5, 1), "Tag der Arbeit"),
            new(easter.AddDays(39), "Christi Himmelfahrt"),
            new(easter.AddDays(50), "Pfingstmontag"),
            new(easter.AddDays(60), "Fronleichnam"),
            new(new DateOnly(year, 10, 3), "Tag der Deutschen Einheit"),
            new(new DateOnly(year, 11, 1), "Allerheiligen"),
            new(new DateOnly(year, 12, 25), "1. Weihnachtstag"),
            new(new DateOnly(year, 12, 26), "2. Weihnachtstag"),
        ];
    }
}
