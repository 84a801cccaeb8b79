using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Installations;
using StadtLabor.Bot.Features.Trainings;

namespace StadtLabor.Bot.Features.Surveys;

/// <summary>
/// Demo surveys for ./run.sh (Lab:DemoData, off by default). A closed "Homeoffice" survey (the template's questions)
/// with two closed waves and about 300 generated answers whose figures look like a city administration: wave 2 a
/// little more days at home and more satisfied, one department group under 5 in each wave (so the results show
/// suppression), 36 comments in wave 1 and 12 in wave 2. The answers are stored like real ones, in
/// shuffled slots through <see cref="ResponseSlots"/>, with no person and no invitee (nobody can answer a closed
/// wave). And one open survey (running, ends in 10 days) for everyone who has the app: those who have it at the
/// start are invited here (invitee, pending, slot, as the lifecycle does, in one transaction); the invitation card
/// and people who get the app later are the lifecycle's jobs, so nothing is sent from here. Seeds once (found by its
/// title in the demo tenant); a restart only invites people who installed in between.
/// </summary>
public sealed partial class DemoSurveys(IServiceScopeFactory scopes, TimeProvider time, ILogger<DemoSurveys> log) : IHostedService
{
    public const string ClosedTitle = "Homeoffice in der Stadtverwaltung";
    public const string OpenTitle = "Besprechungen und Zusammenarbeit";
    public static readonly int[] WaveSizes = [142, 158];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LabDbContext>();
        var strings = scope.ServiceProvider.GetRequiredService<Strings>();
        var options = scope.ServiceProvider.GetRequiredService<IOptions<SurveysOptions>>().Value;
        var (answers, invited) = await SeedAsync(db, strings, options, time.GetUtcNow().UtcDateTime, cancellationToken);
        if (answers > 0 || invited > 0) LogSeeded(answers, invited);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <returns>Answers added (0 when the demo surveys are there already) and people newly invited to the open one.</returns>
    public static async Task<(int Answers, int Invited)> SeedAsync(LabDbContext db, Strings strings, SurveysOptions options, DateTime nowUtc, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var answers = 0;
        if (!await db.Surveys().AnyAsync(s => s.TenantId == DemoTrainings.DemoTenant && s.Title == ClosedTitle, ct))
        {
            await using var tx = await LabTransaction.BeginAsync(db, ct);
            answers = await ClosedAsync(db, strings, options, nowUtc, ct);
            await OpenAsync(db, options, nowUtc, ct);
            await tx.CommitAsync(ct);
        }
        return (answers, await InviteAsync(db, ct));
    }

    private static Survey NewSurvey(string title, string purpose, string template, DateTime atUtc) => new()
    {
        Title = title,
        Purpose = purpose,
        Template = template,
        TenantId = DemoTrainings.DemoTenant,
        CreatedByAadObjectId = DemoTrainings.ColleagueIdPrefix + "000000000201",
        CreatedByName = "Nina Innovation",
        AudienceKind = AudienceKind.Everyone,
        CreatedAtUtc = atUtc,
        UpdatedAtUtc = atUtc,
    };

    private static async Task<int> ClosedAsync(LabDbContext db, Strings strings, SurveysOptions options, DateTime nowUtc, CancellationToken ct)
    {
        var survey = NewSurvey(ClosedTitle, strings.Get("de", "surveysTemplate.homeoffice.purpose"), SurveyTemplates.Homeoffice, nowUtc.AddDays(-400));
        db.Surveys().Add(survey);
        await db.SaveChangesAsync(ct);
        var questions = SurveyTemplates.Questions(SurveyTemplates.Homeoffice, survey.Id, strings, "de", options).ToList();
        db.SurveyQuestions().AddRange(questions);
        await db.SaveChangesAsync(ct);

        // A fixed seed: the same figures on every machine, so the demo can be described.
        var random = new Random(13);
        var total = 0;
        for (var n = 1; n <= WaveSizes.Length; n++)
        {
            var opens = DateOnly.FromDateTime(nowUtc.AddDays(n == 1 ? -380 : -120));
            var wave = new SurveyWave
            {
                SurveyId = survey.Id, Number = n, Status = WaveStatus.Closed, OpensOn = opens, ClosesOn = opens.AddDays(14),
                StartedAtUtc = opens.ToDateTime(new TimeOnly(7, 0), DateTimeKind.Utc),
                ClosedAtUtc = opens.AddDays(15).ToDateTime(new TimeOnly(0, 5), DateTimeKind.Utc),
                SummaryPublished = n == 1, PublishedAtUtc = n == 1 ? opens.AddDays(20).ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc) : null,
            };
            db.SurveyWaves().Add(wave);
            await db.SaveChangesAsync(ct);
            await ResponseSlots.AddAsync(db, wave.Id, WaveSizes[n - 1], ct);
            var texts = n == 1 ? Comments[..36] : Comments[36..];
            for (var i = 0; i < WaveSizes[n - 1]; i++)
            {
                var text = i < texts.Length ? texts[i] : null;
                await ResponseSlots.ClaimAsync(db, wave.Id, questions, DemoAnswer.For(questions, n, i, text, random), ct);
                total++;
            }
            db.ChangeTracker.Clear();
            // As every closed wave: answers rewritten in random order, empty slots gone.
            await ShuffleAnswers.RunAsync(db, wave.Id, ct);
        }
        return total;
    }

    private static async Task OpenAsync(LabDbContext db, SurveysOptions options, DateTime nowUtc, CancellationToken ct)
    {
        var survey = NewSurvey(OpenTitle,
            "Wie laufen Besprechungen bei uns, vor Ort und in Teams? Deine Antworten helfen uns, Räume und Technik besser auszustatten.",
            SurveyTemplates.Empty, nowUtc.AddDays(-6));
        db.Surveys().Add(survey);
        await db.SaveChangesAsync(ct);
        var position = 0;
        SurveyQuestion Q(QuestionKind kind, string text, string[]? choices = null, int breakdown = 0, int? min = null, int? max = null) => new()
        {
            SurveyId = survey.Id, Position = ++position, Kind = kind, Text = text, Options = SurveyQuestion.ToOptions(choices ?? []),
            BreakdownSlot = breakdown, Min = min, Max = max,
            ScaleLow = kind == QuestionKind.Scale ? "gar nicht zufrieden" : "", ScaleHigh = kind == QuestionKind.Scale ? "sehr zufrieden" : "",
        };
        db.SurveyQuestions().AddRange(
            Q(QuestionKind.SingleChoice, "In welchem Bereich arbeitest du?", options.DepartmentGroups, breakdown: 1),
            Q(QuestionKind.Number, "An wie vielen Besprechungen nimmst du an einem normalen Tag teil? (0 bis 10)", min: 0, max: 10),
            Q(QuestionKind.MultipleChoice, "Wie triffst du dich meistens?", ["Besprechungsraum vor Ort", "Teams-Besprechung", "Telefon", "gemischt: einige vor Ort, einige in Teams"]),
            Q(QuestionKind.Scale, "Wie zufrieden bist du mit der Technik in den Besprechungsräumen?"),
            Q(QuestionKind.FreeText, "Was würde Besprechungen bei uns besser machen?"));
        var today = DateOnly.FromDateTime(nowUtc);
        db.SurveyWaves().Add(new SurveyWave
        {
            SurveyId = survey.Id, Number = 1, Status = WaveStatus.Running, OpensOn = today.AddDays(-4), ClosesOn = today.AddDays(10),
            StartedAtUtc = nowUtc.AddDays(-4),
        });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Everyone with the app in a personal chat who is not invited yet: invitee, pending and one empty slot each, in
    /// one transaction and in random order, as the lifecycle invites (the invitation card comes from the lifecycle).
    /// </summary>
    private static async Task<int> InviteAsync(LabDbContext db, CancellationToken ct)
    {
        var waveId = await (from w in db.SurveyWaves()
                            join s in db.Surveys() on w.SurveyId equals s.Id
                            where s.TenantId == DemoTrainings.DemoTenant && s.Title == OpenTitle && w.Status == WaveStatus.Running
                            select (long?)w.Id).FirstOrDefaultAsync(ct);
        if (waveId is not { } wave) return 0;
        await using var tx = await LabTransaction.BeginAsync(db, ct);
        var people = await db.Installations().Where(i => i.Active && i.ConversationType == "personal" && i.UserAadObjectId != null
                && !db.SurveyInvitees().Any(x => x.WaveId == wave && x.UserAadObjectId == i.UserAadObjectId))
            .Select(i => new { Id = i.UserAadObjectId!, i.TenantId }).Distinct().ToListAsync(ct);
        var shuffled = people.GroupBy(p => p.Id).Select(g => g.First()).ToArray();
        System.Security.Cryptography.RandomNumberGenerator.Shuffle(shuffled.AsSpan());
        foreach (var p in shuffled)
        {
            db.SurveyInvitees().Add(new SurveyInvitee { WaveId = wave, UserAadObjectId = p.Id, TenantId = p.TenantId });
            db.SurveyPending().Add(new SurveyPending { WaveId = wave, UserAadObjectId = p.Id });
        }
        await db.SaveChangesAsync(ct);
        await ResponseSlots.AddAsync(db, wave, shuffled.Length, ct);
        await tx.CommitAsync(ct);
        return shuffled.Length;
    }

    /// <summary>What people wrote under "what should change" (made up; no names).</summary>
    internal static readonly string[] Comments =
    [
        "Ein zweiter Bildschirm für zu Hause wäre eine große Hilfe, mit dem Laptop allein arbeite ich viel langsamer.",
        "Die VPN-Verbindung bricht morgens oft ab. Das kostet jeden Tag Zeit.",
        "Bitte feste Regeln, wann man erreichbar sein muss. Manche erwarten Antworten noch um 20 Uhr.",
        "Mehr Homeoffice-Tage für Teilzeitkräfte, die Fahrt lohnt sich für vier Stunden kaum.",
        "Die Akten liegen noch auf Papier im Büro. Solange es keine E-Akte gibt, geht vieles nur vor Ort.",
        "Ein Headset für alle, nicht nur für die Führungskräfte.",
        "Ich vermisse den kurzen Austausch in der Teeküche. Vielleicht ein fester Bürotag fürs ganze Team?",
        "Teams-Besprechungen sollten pünktlich enden, sonst folgt eine auf die andere ohne Pause.",
        "Das Diensthandy fehlt, ich gebe sonst meine private Nummer heraus.",
        "Bei Druckaufträgen muss ich immer ins Büro. Ein Druckkontingent für zu Hause oder digitale Unterschriften würden helfen.",
        "Schulungen zu Teams und Miro, bitte auch für die älteren Kolleginnen und Kollegen in Ruhe.",
        "Die Bürgerinnen und Bürger rufen auf der Festnetznummer an, die zu Hause nicht klingelt. Anrufweiterleitung wäre gut.",
        "Ein ergonomischer Stuhl oder ein Zuschuss dafür. Am Küchentisch bekomme ich Rückenschmerzen.",
        "Klare Absprachen im Team, wer an welchem Tag im Büro ist, damit die Vertretung klappt.",
        "Mehr Vertrauen von den Vorgesetzten. Wer zu Hause arbeitet, arbeitet auch.",
        "Die Dienstvereinbarung ist zu kompliziert. Ein Antrag pro Jahr würde reichen.",
        "Trello und Stackfield parallel ist zu viel. Bitte auf ein Werkzeug einigen.",
        "Der Laptop ist zu langsam für die Fachanwendung, die Software hängt ständig.",
        "Für neue Kolleginnen und Kollegen ist Homeoffice am Anfang schwer. Eine Einarbeitung vor Ort wäre besser.",
        "Feste Zeiten ohne Besprechungen, damit man konzentriert arbeiten kann.",
        "Es klappt gut so. Bitte nicht wieder einschränken.",
        "Die Telefonanlage sollte auch am Laptop funktionieren.",
        "Mehr Tage zu Hause in den Sommermonaten, im Altbau wird es im Büro sehr heiß.",
        "Ich wünsche mir, dass auch Sachbearbeitung im Bürgerbüro zumindest einen Tag mobil arbeiten darf.",
        "Mehr Informationen über die Regeln zum Datenschutz zu Hause, ich bin oft unsicher, was ich mitnehmen darf.",
        "Geteilte Schreibtische im Büro funktionieren nur, wenn man sie vorher buchen kann.",
        "Die Kinderbetreuung lässt sich mit Homeoffice besser planen. Bitte so beibehalten.",
        "Ein gemeinsamer Kalender, der zeigt, wer wo arbeitet.",
        "Die Anmeldung morgens dauert zu lange, manchmal zehn Minuten bis alles läuft.",
        "Weniger E-Mails, mehr kurze Nachrichten im Teams-Kanal.",
        "Bitte die IT-Hotline auch nachmittags besser erreichbar machen.",
        "Die Arbeitszeiterfassung von zu Hause funktioniert nicht richtig.",
        "Mehr Teamtage vor Ort, bei denen wirklich alle da sind.",
        "Eine Dockingstation für zu Hause, das ständige Umstecken nervt.",
        "Mir fehlt manchmal die Trennung von Arbeit und Freizeit. Hilfreich wären Tipps dazu.",
        "Ich arbeite gern zu Hause, aber der Kontakt zur Abteilung leidet. Regelmäßige Treffen würden helfen.",
        "Bei Hitze oder Glatteis spontan zu Hause arbeiten dürfen.",
        "Die Freigaben für Dokumente in der E-Akte sollten auch von zu Hause gehen.",
        "Miro ist super für Workshops, bitte Lizenzen für mehr Teams.",
        "Der Zugang zu den Laufwerken über VPN ist sehr langsam.",
        "Zwei Tage pro Woche finde ich ideal, mehr braucht es nicht.",
        "Bitte bei Besprechungen immer einen Teams-Link mitschicken, auch wenn sie vor Ort sind.",
        "Eine zentrale Ansprechperson für Fragen zum mobilen Arbeiten.",
        "Es wäre schön, wenn das Diensthandy auch Teams hätte.",
        "Die Regeln sollten für alle Bereiche gleich gelten.",
        "Ich hätte gern einen höhenverstellbaren Schreibtisch im Büro, wenn ich schon weniger da bin.",
        "Mehr Rücksicht auf Teilzeitkräfte bei der Planung von Besprechungen.",
        "Das Homeoffice hat meine Fahrzeit um eine Stunde pro Tag verkürzt. Bitte beibehalten.",
    ];

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data: {Answers} survey answers added, {Invited} people invited to the open demo survey (Lab:DemoData is on)")]
    private partial void LogSeeded(int answers, int invited);
}

/// <summary>
/// One generated answer to the Homeoffice template. Figures that look like a city administration: counter services
/// (Bürgerdienste) stay at home least, finance and planning most; wave 2 (after the new agreement) about half a day more
/// at home, better equipped and more satisfied, a little less strained. Kultur, Sport und Freizeit has 3 and 4 people,
/// under the minimum group size, so the results withhold it (and whatever would reveal it).
/// </summary>
internal static class DemoAnswer
{
    private static readonly double[] DepartmentWeights = [0.30, 0.22, 0.26, 0.17, 0, 0.05];
    private static readonly double[] DaysBase = [0.9, 2.0, 2.3, 1.5, 1.2, 1.8];

    public static Dictionary<long, AnswerValue> For(IReadOnlyList<SurveyQuestion> q, int wave, int i, string? text, Random r)
    {
        var later = wave == 2;
        var department = i < (later ? 4 : 3) ? 4 : Pick(r, DepartmentWeights);
        var age = Pick(r, [0.17, 0.43, 0.33, 0.07]);
        var role = Pick(r, [0.12, 0.70, 0.13, 0.05]);
        var partTime = Pick(r, [0.68, 0.28, 0.04]);
        var days = Clamp((int)Math.Round(DaysBase[department] + (later ? 0.5 : 0) + (partTime == 1 ? 0.3 : 0) + Normal(r) * 1.0), 0, 5);
        var equipment = Mask(r, later ? [0.93, 0.42, 0.75, 0.33] : [0.85, 0.24, 0.58, 0.28], none: 4);
        var tools = Mask(r, later ? [0.96, 0.26, 0.11, 0.09, 0.62] : [0.90, 0.14, 0.10, 0.07, 0.71], none: 5);
        return new Dictionary<long, AnswerValue>
        {
            [q[0].Id] = new(Choice: department),
            [q[1].Id] = new(Choice: age),
            [q[2].Id] = new(Choice: role),
            [q[3].Id] = new(Choice: partTime),
            [q[4].Id] = new(Number: days),
            [q[5].Id] = new(Choice: equipment),
            [q[6].Id] = new(Choice: Scale(r, later ? 3.9 : 3.6)),
            [q[7].Id] = new(Choice: tools),
            [q[8].Id] = new(Choice: Scale(r, (later ? 3.8 : 3.4) + 0.1 * days)),
            [q[9].Id] = new(Choice: Scale(r, later ? 2.3 : 2.6)),
            [q[10].Id] = new(Text: text),
        };
    }

    private static int Pick(Random r, double[] weights)
    {
        var x = r.NextDouble() * weights.Sum();
        for (var k = 0; k < weights.Length; k++)
        {
            x -= weights[k];
            if (x < 0 && weights[k] > 0) return k;
        }
        return Array.FindLastIndex(weights, w => w > 0);
    }

    /// <summary>Each option with its chance; none chosen: the "nothing of these" option (the question must be answered).</summary>
    private static int Mask(Random r, double[] chances, int none)
    {
        var mask = 0;
        for (var k = 0; k < chances.Length; k++) if (r.NextDouble() < chances[k]) mask |= 1 << k;
        return mask == 0 ? 1 << none : mask;
    }

    private static int Scale(Random r, double mean) => Clamp((int)Math.Round(mean + Normal(r) * 0.9), 1, 5);

    private static int Clamp(int x, int low, int high) => Math.Min(high, Math.Max(low, x));

    private static double Normal(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());
}
