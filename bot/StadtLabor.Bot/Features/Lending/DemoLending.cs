using System.Globalization;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Features.Trainings.Admin;

namespace StadtLabor.Bot.Features.Lending;

/// <summary>
/// Demo data for ./run.sh (Lab:DemoData, off by default): the Mobiles stadtLABOR kit with its parts, VR headsets ×6,
/// the 3D printer (approval and the "3D-Druck" introduction needed), robots, sensor kits, some reservations of demo
/// colleagues (one waiting for approval, one lent) and one item in maintenance. Seeds only into a database without
/// any lending item. Registered after the demo trainings (module order in Program.cs), whose "3D-Druck" tool it uses.
/// </summary>
public sealed partial class DemoLending(IServiceScopeFactory scopes, TimeProvider time, ILogger<DemoLending> log) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LabDbContext>();
        var items = await SeedAsync(db, time.GetUtcNow().UtcDateTime, cancellationToken);
        if (items > 0) LogSeeded(items);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <returns>How many items were added; 0 when the database already has lending items.</returns>
    public static async Task<int> SeedAsync(LabDbContext db, DateTime nowUtc, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (await db.LendingItems().AnyAsync(ct)) return 0;
        var printingTool = await db.TrainingTools().Where(t => t.Name == DemoTrainings.PrinterTool).Select(t => (long?)t.Id).SingleOrDefaultAsync(ct);

        var headsets = Item(db, "VR-Brille Meta Quest 3", "VR", 6, nowUtc,
            "Eigenständige VR-Brille mit zwei Controllern, ohne PC nutzbar. Ideal, um Bürgerinnen und Bürgern geplante Bauprojekte in 3D zu zeigen.");
        var tablets = Item(db, "Tablet iPad 10. Generation", "Tablets", 4, nowUtc,
            "Mit Stift und Hülle, eingerichtet mit Miro, Trello und Stackfield. Für Workshops, Umfragen vor Ort und digitale Protokolle.");
        var printer = Item(db, "3D-Drucker Prusa MK4", "3D-Druck", 1, nowUtc,
            "Druckt Modelle bis 25 × 21 × 22 cm aus PLA oder PETG. Mit 2 Rollen Filament. Zerbrechlich: Transport nur im Koffer.",
            i => { i.NeedsApproval = true; i.RequiredToolId = printingTool; i.MaxDays = 7; });
        var robots = Item(db, "Lernroboter Ozobot Evo", "Robotik", 4, nowUtc,
            "Kleine Roboter, die Linien folgen und mit Farbcodes programmiert werden. Für Aktionstage mit Schulklassen und Ausbildungsmessen.");
        var sensors = Item(db, "Sensor-Kit Umwelt (CO₂, Feinstaub, Lärm)", "Sensorik", 3, nowUtc,
            "Misst CO₂, Feinstaub, Temperatur und Lärm und zeigt die Werte im Browser. Für Raumluft in Besprechungsräumen oder Messungen im Quartier.");
        var camera = Item(db, "360°-Kamera Insta360 X3", "Kamera", 1, nowUtc,
            "Für Rundum-Fotos und -Videos, z. B. virtuelle Rundgänge durch Gebäude.");
        var cables = Item(db, "Kabel- und Ladeset", "Zubehör", 2, nowUtc,
            "Mehrfachstecker, Ladekabel für alle Geräte, HDMI-Adapter.", i => i.LendableAlone = false);
        var kit = Item(db, "Mobiles stadtLABOR", "Koffer", 1, nowUtc,
            "Der Koffer, der zu euch kommt: VR-Brillen, Tablets, Lernroboter und ein Sensor-Kit für Workshops, Teamtage und Veranstaltungen in eurer Dienststelle.",
            i => { i.IsKit = true; i.NeedsApproval = true; i.MaxDays = 10; });
        await db.SaveChangesAsync(ct);

        db.KitParts().AddRange(
            new KitPart { KitId = kit.Id, PartId = headsets.Id, Count = 2 },
            new KitPart { KitId = kit.Id, PartId = tablets.Id, Count = 2 },
            new KitPart { KitId = kit.Id, PartId = robots.Id, Count = 2 },
            new KitPart { KitId = kit.Id, PartId = sensors.Id, Count = 1 },
            new KitPart { KitId = kit.Id, PartId = cables.Id, Count = 1 });

        var today = DateOnly.FromDateTime(TrainingTime.ToBerlin(nowUtc));
        // Lent since two working days ago, due back in three: shows under "meine ausleihen" of a demo colleague and in the lab's list.
        Reservation(db, headsets, 2, At(today, -2, 9), At(today, 3, 12), ReservationStatus.Lent, 0, "Bürgerbeteiligung Bahnhofsumfeld", nowUtc);
        Reservation(db, tablets, 2, At(today, 4, 9), At(today, 6, 12), ReservationStatus.Confirmed, 1, "Workshop Digitalisierung Bauamt", nowUtc);
        Reservation(db, printer, 1, At(today, 5, 10), At(today, 8, 12), ReservationStatus.Requested, 7, "Ersatzteile für Spielgeräte drucken", nowUtc);
        Reservation(db, kit, 1, At(today, 10, 9), At(today, 12, 12), ReservationStatus.Confirmed, 2, "Aktionstag im Jugendzentrum", nowUtc);
        Reservation(db, robots, 2, At(today, -10, 9), At(today, -8, 12), ReservationStatus.Returned, 5, "Girls' Day", nowUtc);

        db.MaintenanceBlocks().Add(new MaintenanceBlock
        {
            ItemId = camera.Id,
            Quantity = 1,
            StartsAtUtc = At(today, -1, 8),
            Reason = MaintenanceReason.Repair,
            Note = "Linse zerkratzt, beim Hersteller in Reparatur.",
            CreatedAtUtc = nowUtc,
        });
        await db.SaveChangesAsync(ct);
        return await db.LendingItems().CountAsync(ct);
    }

    private static LendingItem Item(LabDbContext db, string name, string category, int quantity, DateTime nowUtc, string description,
        Action<LendingItem>? adjust = null)
    {
        var item = new LendingItem
        {
            Name = name, Category = category, Quantity = quantity, Description = description, CreatedAtUtc = nowUtc, UpdatedAtUtc = nowUtc,
        };
        adjust?.Invoke(item);
        db.LendingItems().Add(item);
        return item;
    }

    private static void Reservation(LabDbContext db, LendingItem item, int quantity, DateTime fromUtc, DateTime toUtc,
        ReservationStatus status, int colleague, string purpose, DateTime nowUtc) =>
        db.LendingReservations().Add(new LendingReservation
        {
            ItemId = item.Id,
            Quantity = quantity,
            StartsAtUtc = fromUtc,
            EndsAtUtc = toUtc,
            Status = status,
            UserAadObjectId = DemoTrainings.ColleagueIdPrefix + (colleague + 1).ToString("D12", CultureInfo.InvariantCulture),
            UserName = DemoTrainings.Colleagues[colleague],
            TenantId = DemoTrainings.DemoTenant,
            Lang = "de",
            Purpose = purpose,
            PickupPlace = "stadtLABOR im Rathaus",
            LentAtUtc = status is ReservationStatus.Lent or ReservationStatus.Returned ? fromUtc : null,
            ReturnedAtUtc = status == ReservationStatus.Returned ? toUtc : null,
            CreatedAtUtc = nowUtc,
            UpdatedAtUtc = nowUtc,
        });

    /// <summary>The given hour (Berlin) on the n-th working day from today (negative: before); skips weekends and NRW holidays.</summary>
    private static DateTime At(DateOnly today, int workingDays, int hour)
    {
        var day = today;
        var step = Math.Sign(workingDays);
        for (var found = 0; found < Math.Abs(workingDays);)
        {
            day = day.AddDays(step);
            if (WorkingDays.IsWorkingDay(day)) found++;
        }
        while (!WorkingDays.IsWorkingDay(day)) day = day.AddDays(1);
        return TrainingTime.ToUtc(day.ToDateTime(new TimeOnly(hour, 0)));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data: {Items} lending items added (Lab:DemoData is on)")]
    private partial void LogSeeded(int items);
}
