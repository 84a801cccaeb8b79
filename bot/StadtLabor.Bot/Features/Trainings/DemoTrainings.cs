using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Features.Trainings;

/// <summary>
/// Demo data for ./run.sh (setting Lab:DemoData, off by default): tools, sessions over the next weeks relative to
/// today, one of them full with a waitlist, and a tool without a session so "Interesse melden" can be tried. Seeds only
/// into a database without any training tool, so a restart or a database with real data is left alone. Runs as a
/// hosted service, i.e. after the migrations (Program.cs and the tests migrate before the host starts).
/// </summary>
public sealed partial class DemoTrainings(IServiceScopeFactory scopes, TimeProvider time, ILogger<DemoTrainings> log) : IHostedService
{
    public const string Setting = "Lab:DemoData";

    /// <summary>Demo colleagues have made-up object ids in this range and a made-up tenant: no real person is named.</summary>
    public const string ColleagueIdPrefix = "de300000-0000-4000-8000-";
    internal const string DemoTenant = "00000000-0000-4000-8000-0000000de300";

    /// <summary>The 3D printer of the lending demo is lent only after this introduction ("nur nach Einweisung").</summary>
    public const string PrinterTool = "3D-Druck";

    internal static readonly string[] Colleagues =
    [
        "Erika Mustermann (Ordnungsamt)", "Max Schulte (Bauamt)", "Aylin Demir (Bürgerbüro)", "Jonas Wiese (Kämmerei)",
        "Petra Lange (Personal)", "Tobias Brandt (Kultur)", "Sabine Vogt (Jugendamt)", "Mehmet Kaya (IT)",
        "Laura Hoffmann (Stadtplanung)",
    ];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LabDbContext>();
        var sessions = await SeedAsync(db, time.GetUtcNow().UtcDateTime, cancellationToken);
        if (sessions > 0) LogSeeded(sessions);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <returns>How many sessions were added; 0 when the database already has training tools.</returns>
    public static async Task<int> SeedAsync(LabDbContext db, DateTime nowUtc, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (await db.TrainingTools().AnyAsync(ct)) return 0;

        var miro = Tool(db, "Miro", "Das digitale Whiteboard für Workshops, Brainstormings und gemeinsames Planen – auch mit Kolleg*innen im Homeoffice.", nowUtc);
        var trello = Tool(db, "Trello", "Aufgaben als Karten auf Listen: ein einfacher Überblick, wer was bis wann erledigt.", nowUtc);
        var stackfield = Tool(db, "Stackfield", "Projekträume mit Aufgaben, Chat, Dateien und Terminen, DSGVO-konform mit Servern in Deutschland.", nowUtc);
        var scrum = Tool(db, "Agiles Arbeiten mit Scrum", "Rollen, Termine und Artefakte von Scrum – und was davon im Verwaltungsalltag wirklich hilft.", nowUtc);
        var printing = Tool(db, PrinterTool, "Vom Modell zum Druck: Slicer, Filament und der Drucker des stadtLABORs. Die Einweisung ist Voraussetzung für das Ausleihen.", nowUtc);
        Tool(db, "Microsoft Planner", "Aufgabenplanung in Microsoft 365, direkt in Teams. Noch ohne Termin: melde Interesse, dann sagen wir Bescheid.", nowUtc);
        await db.SaveChangesAsync(ct);

        var today = DateOnly.FromDateTime(TrainingTime.ToBerlin(nowUtc));
        var list = new List<TrainingSession>
        {
            Session(miro, "Miro für Einsteiger", today, 3, (9, 0), (11, 0), 10,
                "Du legst dein erstes Board an, sammelst Ideen mit Haftnotizen und sortierst sie gemeinsam. Am Ende hast du eine Vorlage für deine nächste Besprechung.",
                "Laptop mit aktuellem Browser; ein Miro-Konto ist nicht nötig, wir laden dich ein.", "stadtLABOR, Raum 1.12", "", "Jana Becker"),
            Session(miro, "Miro: Workshops digital moderieren", today, 12, (13, 30), (16, 0), 8,
                "Vorlagen, Timer, Abstimmungen und Breakout-Bereiche: So führst du einen Workshop mit 15 Leuten auf einem Board, ohne dass jemand verloren geht.",
                "Grundkenntnisse in Miro (z. B. aus „Miro für Einsteiger“).", "stadtLABOR, Raum 1.12", "", "Jana Becker"),
            Session(trello, "Trello im Team", today, 5, (10, 0), (11, 30), 20,
                "Boards, Listen und Karten, Checklisten und Fälligkeiten: Wir bauen gemeinsam ein Team-Board für wiederkehrende Aufgaben.",
                "Teams-Zugang; Kamera und Mikrofon sind hilfreich.", "", "https://teams.microsoft.com/l/meetup-join/demo-stadtlabor-trello", "Mehmet Kaya"),
            Session(stackfield, "Stackfield Grundlagen", today, 7, (9, 0), (12, 0), 6,
                "Räume anlegen, Aufgaben verteilen, Dateien teilen und im Chat abstimmen – am Beispiel eines echten Projekts aus der Verwaltung.",
                "Laptop; der Zugang zu Stackfield wird vorher eingerichtet.", "Rathaus, Besprechungsraum 2.04", "", "Lena Schröder"),
            Session(scrum, "Scrum kompakt", today, 14, (9, 0), (15, 0), 12,
                "Ein Tag zum Ausprobieren: Product Backlog, Sprint Planning, Daily und Retrospektive in einer kleinen Simulation mit Lego.",
                "Keine. Bring Neugier und etwas zu trinken mit; für Mittagessen ist gesorgt.", "stadtLABOR, Raum 1.12", "", "Dr. Thomas Albers"),
            Session(printing, "3D-Drucker: Einweisung", today, 9, (13, 0), (15, 0), 6,
                "Wir drucken gemeinsam ein kleines Teil: Modell laden, slicen, Filament wechseln, Druck überwachen. Danach darfst du den Drucker ausleihen.",
                "Keine.", "stadtLABOR, Raum 0.04 (Werkstatt)", "", "Mehmet Kaya"),
            Session(scrum, "Retrospektiven, die etwas verändern", today, 21, (14, 0), (16, 0), 10,
                "Formate für Rückblicke im Team, die nicht im Beschwerdekreis enden: Vom Gefühl zur konkreten Maßnahme.",
                "Erste Erfahrungen mit Teamrunden oder Scrum.", "stadtLABOR, Raum 0.04 (Werkstatt)", "", "Dr. Thomas Albers"),
        };
        foreach (var session in list)
        {
            session.CreatedAtUtc = nowUtc;
            session.UpdatedAtUtc = nowUtc;
            session.CreatedByAadObjectId = ColleagueIdPrefix + "000000000000";
        }
        db.TrainingSessions().AddRange(list);
        await db.SaveChangesAsync(ct);

        // A few bookings on the first Miro session, and Stackfield full (6 booked) with three on the waitlist.
        Register(db, list[0], [0, 1, 2], 0, nowUtc);
        Register(db, list[3], [0, 1, 3, 4, 5, 6], 3, nowUtc);
        await db.SaveChangesAsync(ct);
        return list.Count;
    }

    private static TrainingTool Tool(LabDbContext db, string name, string description, DateTime nowUtc)
    {
        var tool = new TrainingTool { Name = name, Description = description, CreatedAtUtc = nowUtc };
        db.TrainingTools().Add(tool);
        return tool;
    }

    /// <summary>A session on the first working day at least <paramref name="days"/> days from today, Berlin time.</summary>
    private static TrainingSession Session(TrainingTool tool, string title, DateOnly today, int days, (int H, int M) from, (int H, int M) to,
        int capacity, string description, string prerequisites, string place, string onlineUrl, string trainer)
    {
        var day = today.AddDays(days);
        while (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) day = day.AddDays(1);
        return new TrainingSession
        {
            ToolId = tool.Id,
            Title = title,
            Description = description,
            Prerequisites = prerequisites,
            StartsAtUtc = TrainingTime.ToUtc(day.ToDateTime(new TimeOnly(from.H, from.M))),
            EndsAtUtc = TrainingTime.ToUtc(day.ToDateTime(new TimeOnly(to.H, to.M))),
            Place = place,
            OnlineUrl = onlineUrl,
            Trainer = trainer,
            Capacity = capacity,
        };
    }

    /// <summary>Books the colleagues with these numbers, then puts <paramref name="waiting"/> more on the waitlist.</summary>
    private static void Register(LabDbContext db, TrainingSession session, int[] booked, int waiting, DateTime nowUtc)
    {
        var people = booked.Concat(Enumerable.Range(0, Colleagues.Length).Except(booked).Take(waiting)).ToList();
        for (var i = 0; i < people.Count; i++)
        {
            var isBooked = i < booked.Length;
            db.TrainingRegistrations().Add(new Registration
            {
                SessionId = session.Id,
                UserAadObjectId = ColleagueIdPrefix + (people[i] + 1).ToString("D12", System.Globalization.CultureInfo.InvariantCulture),
                UserName = Colleagues[people[i]],
                TenantId = DemoTenant,
                Lang = "de",
                Status = isBooked ? RegistrationStatus.Booked : RegistrationStatus.Waitlisted,
                WaitlistSeq = isBooked ? 0 : i - booked.Length + 1,
                BookedAtUtc = isBooked ? nowUtc : null,
                CreatedAtUtc = nowUtc.AddMinutes(i - people.Count),
                UpdatedAtUtc = nowUtc,
            });
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data: {Sessions} training sessions added (Lab:DemoData is on)")]
    private partial void LogSeeded(int sessions);
}
