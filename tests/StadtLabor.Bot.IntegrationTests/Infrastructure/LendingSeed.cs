using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Features.Lending;
using StadtLabor.Bot.Features.Trainings;

namespace StadtLabor.Bot.IntegrationTests.Infrastructure;

/// <summary>Items, kits and reservations for the lending tests, written straight into the bot's database.</summary>
public static class LendingSeed
{
    /// <summary>A lendable item; names must be unique per test database, so tests pass their own.</summary>
    public static Task<long> ItemAsync(BotFixture bot, string name, int quantity = 1, string category = "VR",
        Action<LendingItem>? adjust = null) =>
        bot.WithDbAsync(async db =>
        {
            var item = new LendingItem
            {
                Name = name,
                Category = category,
                Description = "Zum Ausprobieren in Workshops und Projekten.",
                Quantity = quantity,
                CreatedAtUtc = DateTime.UtcNow,
                UpdatedAtUtc = DateTime.UtcNow,
            };
            adjust?.Invoke(item);
            db.LendingItems().Add(item);
            await db.SaveChangesAsync();
            return item.Id;
        });

    /// <summary>A kit (quantity 1 unless said) needing these parts, each an existing item id with a count.</summary>
    public static async Task<long> KitAsync(BotFixture bot, string name, params (long PartId, int Count)[] parts)
    {
        var kitId = await ItemAsync(bot, name, 1, "Koffer", i => i.IsKit = true);
        await bot.WithDbAsync(async db =>
        {
            foreach (var (partId, count) in parts) db.KitParts().Add(new KitPart { KitId = kitId, PartId = partId, Count = count });
            return await db.SaveChangesAsync();
        });
        return kitId;
    }

    /// <summary>A reservation of <paramref name="p"/>, written directly (no rules checked): for arranging a state.</summary>
    public static Task<long> ReservationAsync(BotFixture bot, long itemId, Activities.Persona p, DateTime fromUtc, DateTime toUtc,
        ReservationStatus status = ReservationStatus.Confirmed, int quantity = 1, Action<LendingReservation>? adjust = null) =>
        bot.WithDbAsync(async db =>
        {
            var r = new LendingReservation
            {
                ItemId = itemId,
                Quantity = quantity,
                StartsAtUtc = fromUtc,
                EndsAtUtc = toUtc,
                Status = status,
                UserAadObjectId = p.AadObjectId,
                UserName = p.Name,
                TenantId = BotFixture.TenantId,
                Lang = "de",
                Purpose = "Workshop im Bürgerbüro",
                PickupPlace = "stadtLABOR im Rathaus",
                CreatedAtUtc = DateTime.UtcNow,
                UpdatedAtUtc = DateTime.UtcNow,
                LentAtUtc = status is ReservationStatus.Lent or ReservationStatus.Returned ? fromUtc : null,
            };
            adjust?.Invoke(r);
            db.LendingReservations().Add(r);
            await db.SaveChangesAsync();
            return r.Id;
        });

    public static Task<LendingReservation> ReservationAsync(BotFixture bot, long reservationId) =>
        bot.WithDbAsync(db => db.LendingReservations().AsNoTracking().SingleAsync(r => r.Id == reservationId));

    /// <summary>
    /// A Berlin wall-clock time on the n-th working day (Mon–Fri, no NRW holiday) after today, as UTC: pickups and
    /// returns inside the default opening hours (Mon–Fri from 08:00; Friday until 12:30, so keep times before noon).
    /// </summary>
    public static DateTime WorkingDayUtc(int n, int hour = 10, int minute = 0)
    {
        var day = DateOnly.FromDateTime(TrainingTime.ToBerlin(DateTime.UtcNow));
        for (var found = 0; found < n;)
        {
            day = day.AddDays(1);
            if (StadtLabor.Bot.Features.Trainings.Admin.WorkingDays.IsWorkingDay(day)) found++;
        }
        return TrainingTime.ToUtc(day.ToDateTime(new TimeOnly(hour, minute)));
    }
}
