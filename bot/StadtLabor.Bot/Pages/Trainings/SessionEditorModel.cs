using System.Globalization;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Features.Trainings.Admin;

namespace StadtLabor.Bot.Pages.Trainings;

/// <summary>
/// What the new-session and the edit page share: the session form (Features/Trainings/Admin/SessionForm, the same
/// fields and checks as the card), the tool choice, and a refused form shown again with every value kept, each
/// message in the summary and under its field, the weekend/holiday question as on the card.
/// </summary>
public abstract class SessionEditorModel(LabDbContext db, SessionFormCard formCard, Strings strings, TimeProvider time) : LabPageModel
{
    /// <summary>Set by every handler that shows the form: blank, the stored session, or what was posted.</summary>
    public SessionForm Form { get; protected set; } = null!;

    public IReadOnlyList<(string Id, string Name)> Tools { get; private set; } = [];

    /// <summary>The announce box is shown only when a channel is configured (as on the card).</summary>
    public bool HasChannel => formCard.HasChannel;

    /// <summary>"Hinweis: Sa., 12. Dez. liegt am Wochenende." when the day needs a second, explicit click.</summary>
    public string Warning { get; private set; } = "";

    /// <summary>The day a "Trotzdem …" click confirms (sent back as allowDay); empty while errors come first.</summary>
    public string WarnedDay { get; private set; } = "";

    public AdminWords Words => new(W.Lang, strings);

    protected DateTime NowUtc => time.GetUtcNow().UtcDateTime;

    protected LabDbContext Db => db;

    public Strings Strings => strings;

    public abstract bool IsEdit { get; }

    /// <summary>The submit button: "Termin veröffentlichen", or "Trotzdem am Sa., 12. Dez. veröffentlichen" after the warning.</summary>
    public string SubmitText => WarnedDay.Length > 0
        && DateOnly.TryParseExact(WarnedDay, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
        ? Words.Format(IsEdit ? "trainingsAdmin.form.saveAnyway" : "trainingsAdmin.form.publishAnyway", Wording.Day(W.Lang, day, NowUtc))
        : W.Any(IsEdit ? "trainingsAdmin.form.save" : "trainingsAdmin.form.publish");

    /// <summary>The form's text for a field's error (empty when none).</summary>
    public string ErrorOf(string field) =>
        ModelState.TryGetValue(field, out var entry) ? string.Join(" ", entry.Errors.Select(e => e.ErrorMessage)) : "";

    protected async Task LoadToolsAsync(CancellationToken ct)
    {
        var tools = await db.TrainingTools().AsNoTracking().OrderBy(t => t.Name).Select(t => new { t.Id, t.Name }).ToListAsync(ct);
        Tools = [.. tools.Select(t => (t.Id.ToString(CultureInfo.InvariantCulture), t.Name))];
    }

    /// <summary>The posted form, read as the card reads its inputs (trimmed text, unchecked box = false).</summary>
    protected SessionForm ReadForm()
    {
        string Text(string name) => Request.Form[name].ToString().Trim();
        return new SessionForm(Text("toolId"), Text("newTool"), Text("title"), Text("description"), Text("prerequisites"),
            Text("date"), Text("start"), Text("end"), Text("place"), Text("onlineUrl"), Text("trainer"), Text("capacity"),
            Text("announce") == "true", Text("allowDay"));
    }

    /// <summary>A refused form: messages in the card's field order for the summary, and the weekend question.</summary>
    protected void Refused(SessionForm form, FormCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        Form = form;
        foreach (var error in check.Errors.OrderBy(e => SessionFormCard.Fields.ToList().IndexOf(e.Field))) Problem(error.Field, error.Text);
        Warning = check.Warning;
        WarnedDay = check.WarnedDay;
    }
}
