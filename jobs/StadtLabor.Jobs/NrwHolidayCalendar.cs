using System.Text.Json;
using Quartz;
using Quartz.Impl.Calendar;
using Quartz.Serialization.SystemTextJson.Calendars;

namespace StadtLabor.Jobs;

/// <summary>
/// A Quartz calendar that excludes whole NRW holidays in Europe/Berlin. A job opts in with <c>skipHolidays</c>
/// (a digest nobody reads on Karfreitag); reminders do not, because an event on a holiday still needs its reminder.
/// </summary>
public sealed class NrwHolidayCalendar : BaseCalendar
{
    public const string CalendarName = "nrw-holidays";

    public NrwHolidayCalendar() : base(LabTime.Berlin)
    {
        Description = "Gesetzliche Feiertage in Nordrhein-Westfalen";
    }

    public override bool IsTimeIncluded(DateTimeOffset timeStampUtc) =>
        base.IsTimeIncluded(timeStampUtc) && !NrwHolidays.IsHoliday(LabTime.BerlinDate(timeStampUtc));

    public override DateTimeOffset GetNextIncludedTimeUtc(DateTimeOffset timeUtc)
    {
        var candidate = base.GetNextIncludedTimeUtc(timeUtc);
        if (candidate < timeUtc) candidate = timeUtc;
        while (NrwHolidays.IsHoliday(LabTime.BerlinDate(candidate)))
            candidate = LabTime.StartOfDay(LabTime.BerlinDate(candidate).AddDays(1));
        return candidate;
    }

    public override ICalendar Clone()
    {
        var clone = new NrwHolidayCalendar();
        CloneFields(clone);
        return clone;
    }
}

/// <summary>
/// The persistent store writes calendars as JSON. This one has no fields of its own: the holidays are computed,
/// so a stored copy can never go stale.
/// </summary>
internal sealed class NrwHolidayCalendarSerializer : CalendarSerializer<NrwHolidayCalendar>
{
    public override string CalendarTypeName => "StadtLabor.NrwHolidayCalendar";

    protected override NrwHolidayCalendar Create(JsonElement jsonElement, JsonSerializerOptions options) => new();

    protected override void SerializeFields(Utf8JsonWriter writer, NrwHolidayCalendar calendar, JsonSerializerOptions options)
    {
    }

    protected override void DeserializeFields(NrwHolidayCalendar calendar, JsonElement jsonElement, JsonSerializerOptions options)
    {
    }
}
