using System.Globalization;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Trainings;

namespace StadtLabor.Bot.Features.Ideas;

/// <summary>
/// Demo ideas for ./run.sh (Lab:DemoData, off by default): 20 ideas of demo colleagues in every state (new, in
/// review, accepted, done, rejected with a reason, one merged pair), one anonymous, some overdue for a first answer,
/// with tags, departments, supports and public and internal comments by two demo Lotsen, who are listed for
/// "assign to another". Seeds once: the first demo idea's intake key marks it, so a restart (or ideas people typed in
/// meanwhile) adds nothing.
/// </summary>
public sealed partial class DemoIdeas(IServiceScopeFactory scopes, TimeProvider time, ILogger<DemoIdeas> log) : IHostedService
{
    public const string KeyPrefix = "demo:";
    public const int Count = 20;

    /// <summary>The two demo Lotsen (made-up ids in the demo colleagues' range).</summary>
    public static readonly (string Id, string Name)[] Lotsen =
    [
        (DemoTrainings.ColleagueIdPrefix + "000000000101", "Jonas Lotse"),
        (DemoTrainings.ColleagueIdPrefix + "000000000102", "Mia Lotsin"),
    ];

    private sealed record Spec(string Title, string Description, string Department, IdeaStatus Status, int DaysAgo, int Author,
        bool Anonymous = false, int? Lotse = null, string Tags = "", int[]? Supporters = null, string? PublicComment = null,
        string? InternalComment = null, string? Reason = null, int? MergedInto = null);

    private static readonly Spec[] Specs =
    [
        new("Online-Terminvergabe für das Bürgerbüro", "Bürgerinnen und Bürger sollen Termine fürs Bürgerbüro online buchen können, statt anzurufen. Das entlastet das Telefon am Montagmorgen.",
            "Bürgerbüro", IdeaStatus.Accepted, 40, 2, Lotse: 0, Tags: "termin,software", Supporters: [0, 3, 4, 5, 6],
            PublicComment: "Gute Idee! Wir klären gerade mit der IT, welches Terminsystem passt.", InternalComment: "Budget 2027 anfragen, Kämmerei vorab informieren."),
        new("Digitale Urlaubsanträge", "Urlaubsanträge auf Papier wandern durch drei Büros. Ein Formular im Intranet mit Freigabe per Klick spart Wege und Zeit.",
            "Personal und Organisation", IdeaStatus.Done, 120, 4, Lotse: 1, Tags: "formular,prozess", Supporters: [0, 1, 2, 7],
            PublicComment: "Umgesetzt: Urlaubsanträge gehen jetzt über das Intranet."),
        new("Mängelmelder-App für Schlaglöcher", "Bürgerinnen und Bürger melden Schlaglöcher und kaputte Laternen mit Foto und Standort direkt ans Tiefbauamt.",
            "Tiefbau", IdeaStatus.InReview, 12, 1, Lotse: 0, Tags: "software,kommunikation", Supporters: [3, 8],
            PublicComment: "Wir schauen uns an, was Nachbarstädte nutzen.", InternalComment: "Soest-App prüfen: hat die schon eine Meldefunktion?"),
        new("Besprechungsräume online buchen", "Die Raumbuchung läuft über eine Excel-Liste, die oft veraltet ist. Ein Kalender pro Raum in Outlook wäre einfacher.",
            "", IdeaStatus.Submitted, 2, 3, Tags: "termin", Supporters: [1]),
        new("E-Akte für Bauanträge", "Bauanträge kommen digital an, werden aber ausgedruckt und in Papierakten abgelegt. Wir sollten sie gleich in der E-Akte führen.",
            "Bauamt", IdeaStatus.Accepted, 60, 1, Lotse: 1, Tags: "e-akte,prozess", Supporters: [0, 2, 8],
            PublicComment: "Angenommen. Start mit einem Pilot im Sachgebiet Bauordnung."),
        new("Chatbot für häufige Fragen auf soest.de", "Viele Anrufe fragen nach Öffnungszeiten und Unterlagen. Ein Chatbot auf der Website könnte das rund um die Uhr beantworten.",
            "Bürgerbüro", IdeaStatus.Rejected, 50, 7, Lotse: 0, Tags: "software,kommunikation", Supporters: [2],
            Reason: "Wir verbessern zuerst die Suche und die FAQ auf soest.de; ein Chatbot lohnt sich erst danach."),
        new("Tablets für den Außendienst des Ordnungsamts", "Der Außendienst schreibt Notizen auf Papier und tippt sie im Büro ab. Mit Tablets ginge das direkt vor Ort.",
            "Ordnungsamt", IdeaStatus.InReview, 9, 0, Anonymous: true, Lotse: 1, Tags: "hardware", Supporters: [5, 6],
            InternalComment: "Mit dem Mobiles-stadtLABOR-Tablet erst einmal testen lassen."),
        new("Miro-Schulung für alle Führungskräfte", "Viele Teams nutzen Miro nicht, weil die Führungskräfte es nicht kennen. Eine kurze Schulung nur für sie wäre ein Anfang.",
            "Innovation und Digitaler Wandel", IdeaStatus.Done, 200, 5, Lotse: 0, Tags: "schulung", Supporters: [4],
            PublicComment: "Die Schulung steht jetzt im Kalender des stadtLABORs."),
        new("Papierlose Ratssitzungen", "Die Sitzungsunterlagen für den Rat werden gedruckt und verschickt. Ein Ratsinformationssystem auf Tablets spart Papier und Porto.",
            "", IdeaStatus.Submitted, 14, 6, Tags: "", Supporters: [0, 7]),
        new("Rechnungseingang digital", "Rechnungen kommen per Post und Mail und werden von Hand erfasst. E-Rechnungen könnten direkt in die Buchhaltung fließen.",
            "Finanzen", IdeaStatus.Submitted, 11, 3),
        new("WLAN in allen Besprechungsräumen", "In den Räumen im Altbau gibt es kein WLAN; für Videokonferenzen müssen wir umziehen.",
            "IT und Digitalisierung", IdeaStatus.Submitted, 8, 8, Supporters: [1, 2, 3]),
        new("Kita-Anmeldung online", "Eltern füllen drei Papierformulare aus. Ein Online-Formular mit Upload der Unterlagen wäre für alle einfacher.",
            "Jugend und Soziales", IdeaStatus.Accepted, 30, 6, Lotse: 1, Tags: "formular", Supporters: [0, 4],
            PublicComment: "Wir setzen das mit dem Onlinezugangsgesetz-Formular des Landes um."),
        new("Online-Anmeldung für Sportplätze", "Vereine buchen Sportplätze per Mail; eine Übersicht, wann was frei ist, fehlt.",
            "Schule und Sport", IdeaStatus.Submitted, 1, 5),
        new("Digitale Stadtführung mit QR-Codes", "An Sehenswürdigkeiten QR-Codes anbringen, die zu kurzen Texten und Audios führen, auch auf Englisch.",
            "Kultur", IdeaStatus.InReview, 20, 5, Lotse: 0, Tags: "kommunikation", Supporters: [8],
            PublicComment: "Wir sprechen mit dem Stadtmarketing."),
        new("Gemeinsamer Aufgabenplaner für Teams", "Aufgaben werden in Mails verteilt und gehen unter. Ein Board (z. B. Trello oder Planner) pro Team hilft.",
            "", IdeaStatus.Merged, 25, 7, Lotse: 1, Tags: "software", MergedInto: 15),
        new("Aufgaben im Team sichtbar machen", "Ein Kanban-Board für jedes Team, damit alle sehen, wer woran arbeitet.",
            "", IdeaStatus.Accepted, 26, 4, Lotse: 1, Tags: "software,prozess", Supporters: [1, 2],
            PublicComment: "Angenommen: Wir starten mit Planner in drei Teams."),
        new("Bürgerbeteiligung online", "Beteiligungen zu Bauprojekten nur im Rathaus erreichen wenige. Eine Online-Plattform für Kommentare zu Plänen wäre offener.",
            "Stadtplanung", IdeaStatus.Submitted, 16, 8, Supporters: [0, 1, 5]),
        new("Formulare zum Ausfüllen am Bildschirm", "Viele PDF-Formulare lassen sich nur ausdrucken. Ausfüllbare PDFs sparen Papier und Abtippen.",
            "", IdeaStatus.Rejected, 70, 2, Lotse: 0, Tags: "formular",
            Reason: "Die wichtigsten Formulare sind inzwischen ausfüllbar; die übrigen werden durch Online-Formulare ersetzt."),
        new("Digitale Zeiterfassung", "Stundenzettel auf Papier werden jeden Monat abgetippt. Eine Zeiterfassung am PC spart der Personalabteilung viel Arbeit.",
            "Personal und Organisation", IdeaStatus.Submitted, 3, 4),
        new("Erklärvideos für neue Software", "Kurze Videos (2 Minuten), die zeigen, wie man die wichtigsten Funktionen nutzt, statt langer Handbücher.",
            "IT und Digitalisierung", IdeaStatus.Done, 90, 7, Lotse: 1, Tags: "schulung", Supporters: [3, 6],
            PublicComment: "Die ersten fünf Videos sind im Intranet."),
    ];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LabDbContext>();
        var ideas = await SeedAsync(db, time.GetUtcNow().UtcDateTime, cancellationToken);
        if (ideas > 0) LogSeeded(ideas);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <returns>How many ideas were added; 0 when the demo ideas are there already.</returns>
    public static async Task<int> SeedAsync(LabDbContext db, DateTime nowUtc, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (await db.Ideas().AnyAsync(i => i.IntakeKey == KeyPrefix + "1", ct)) return 0;
        await using var tx = await LabTransaction.BeginAsync(db, ct);

        foreach (var (id, name) in Lotsen)
            db.IdeaLotsen().Add(new IdeaLotse { UserAadObjectId = id, TenantId = DemoTrainings.DemoTenant, Name = name, LastSeenAtUtc = nowUtc.AddDays(-1) });

        var ideas = new List<Idea>();
        for (var n = 0; n < Specs.Length; n++)
        {
            var s = Specs[n];
            var at = nowUtc.AddDays(-s.DaysAgo);
            var answered = s.PublicComment is not null || s.Reason is not null || s.Status is not (IdeaStatus.Submitted or IdeaStatus.Merged);
            var idea = new Idea
            {
                Title = s.Title,
                Description = s.Description,
                Department = s.Department,
                Tags = s.Tags,
                Status = s.Status,
                Anonymous = s.Anonymous,
                TenantId = DemoTrainings.DemoTenant,
                AssignedAadObjectId = s.Lotse is { } l ? Lotsen[l].Id : null,
                AssignedName = s.Lotse is { } m ? Lotsen[m].Name : null,
                SupportCount = s.Supporters?.Length ?? 0,
                SubmittedAtUtc = at,
                UpdatedAtUtc = at.AddDays(s.DaysAgo / 2.0),
                // Ideas still waiting past this are overdue: the escalation and the Lotsen's queue show them.
                FirstResponseDueOn = IdeaDeadline.DueOn(at, 5),
                FirstPublicAnswerAtUtc = answered ? at.AddDays(1) : null,
                ClosedAtUtc = s.Status.IsClosed() ? at.AddDays(s.DaysAgo / 2.0) : null,
                IntakeKey = KeyPrefix + (n + 1).ToString(CultureInfo.InvariantCulture),
                Version = 1,
            };
            ideas.Add(idea);
            db.Ideas().Add(idea);
        }
        await db.SaveChangesAsync(ct);

        for (var n = 0; n < Specs.Length; n++)
        {
            var (s, idea) = (Specs[n], ideas[n]);
            if (s.MergedInto is { } target) idea.MergedIntoId = ideas[target].Id;
            var author = Colleague(s.Author);
            db.IdeaAuthors().Add(new IdeaAuthor
            {
                IdeaId = idea.Id, OriginalIdeaId = idea.Id, UserAadObjectId = author.Id, TenantId = DemoTrainings.DemoTenant,
                Name = s.Anonymous ? "" : author.Name, Anonymous = s.Anonymous, Lang = "de", CreatedAtUtc = idea.SubmittedAtUtc,
            });
            foreach (var supporter in s.Supporters ?? [])
                db.IdeaSupports().Add(new IdeaSupport
                {
                    IdeaId = idea.Id, UserAadObjectId = Colleague(supporter).Id, TenantId = DemoTrainings.DemoTenant, Lang = "de",
                    CreatedAtUtc = idea.SubmittedAtUtc.AddHours(5),
                });
            History(db, s, idea, ideas);
        }
        // The merged idea's author hears of the target too, as a merge carries its people over.
        foreach (var (s, idea) in Specs.Zip(ideas).Where(p => p.First.MergedInto is not null))
        {
            var author = Colleague(s.Author);
            db.IdeaAuthors().Add(new IdeaAuthor
            {
                IdeaId = idea.MergedIntoId!.Value, OriginalIdeaId = idea.Id, UserAadObjectId = author.Id, TenantId = DemoTrainings.DemoTenant,
                Name = author.Name, Lang = "de", CreatedAtUtc = idea.ClosedAtUtc ?? idea.UpdatedAtUtc,
            });
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return ideas.Count;
    }

    private static void History(LabDbContext db, Spec s, Idea idea, List<Idea> ideas)
    {
        var at = idea.SubmittedAtUtc;
        void Add(IdeaEvent e)
        {
            at = at.AddHours(20);
            e.IdeaId = idea.Id;
            e.CreatedAtUtc = at;
            db.IdeaEvents().Add(e);
        }
        db.IdeaEvents().Add(new IdeaEvent { IdeaId = idea.Id, Kind = IdeaEventKind.Submitted, ToStatus = IdeaStatus.Submitted, CreatedAtUtc = at });
        if (s.Lotse is not { } l) return;
        var (lotseId, lotseName) = Lotsen[l];
        Add(new IdeaEvent { Kind = IdeaEventKind.Assigned, ActorAadObjectId = lotseId, ActorName = lotseName, AssigneeAadObjectId = lotseId, AssigneeName = lotseName });
        if (s.Tags.Length > 0) Add(new IdeaEvent { Kind = IdeaEventKind.Tagged, Text = s.Tags, ActorAadObjectId = lotseId, ActorName = lotseName });
        if (s.InternalComment is { } note)
            Add(new IdeaEvent { Kind = IdeaEventKind.Comment, Public = false, Text = note, ActorAadObjectId = lotseId, ActorName = lotseName });
        var from = IdeaStatus.Submitted;
        IdeaStatus[] path = s.Status switch
        {
            IdeaStatus.InReview => [IdeaStatus.InReview],
            IdeaStatus.Accepted => [IdeaStatus.InReview, IdeaStatus.Accepted],
            IdeaStatus.Done => [IdeaStatus.InReview, IdeaStatus.Accepted, IdeaStatus.Done],
            IdeaStatus.Rejected => [IdeaStatus.InReview, IdeaStatus.Rejected],
            _ => [],
        };
        foreach (var to in path)
        {
            Add(new IdeaEvent
            {
                Kind = IdeaEventKind.StatusChanged, Public = true, FromStatus = from, ToStatus = to, Text = to == IdeaStatus.Rejected ? s.Reason ?? "" : "",
                ActorAadObjectId = lotseId, ActorName = lotseName,
            });
            from = to;
        }
        if (s.MergedInto is { } target)
            Add(new IdeaEvent
            {
                Kind = IdeaEventKind.Merged, Public = true, FromStatus = IdeaStatus.Submitted, ToStatus = IdeaStatus.Merged,
                OtherIdeaId = ideas[target].Id, ActorAadObjectId = lotseId, ActorName = lotseName,
            });
        if (s.PublicComment is { } comment)
            Add(new IdeaEvent { Kind = IdeaEventKind.Comment, Public = true, Text = comment, ActorAadObjectId = lotseId, ActorName = lotseName });
    }

    private static (string Id, string Name) Colleague(int n) =>
        (DemoTrainings.ColleagueIdPrefix + (n + 1).ToString("D12", CultureInfo.InvariantCulture), DemoTrainings.Colleagues[n]);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data: {Ideas} ideas added (Lab:DemoData is on)")]
    private partial void LogSeeded(int ideas);
}
