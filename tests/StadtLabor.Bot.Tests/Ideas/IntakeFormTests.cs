using System.Text.Json.Nodes;
using StadtLabor.Bot.Features.Ideas;
using StadtLabor.Bot.Features.Ideas.Intake;

namespace StadtLabor.Bot.Tests.Ideas;

/// <summary>What the idea form reads back from a card: untrusted data made safe to show again, and "alle" as no department.</summary>
public sealed class IntakeFormTests
{
    private static readonly IdeasOptions Options = new();

    [Fact]
    public void IdeaDraft_AllDepartmentsChoice_ReadAsEveryone()
    {
        var (draft, errors) = IdeaDraft.Read(Fields(department: IdeaDraft.AllDepartments), Options);

        Assert.Empty(errors);
        Assert.Equal("", draft!.Department);
    }

    [Fact]
    public void FormInput_EditedPayload_CutToTheInputsAndUnknownDepartmentDropped()
    {
        var input = IdeaFormInput.Read(Fields(title: new string('t', 500), description: new string('d', 5000), department: "Geheimes Amt", draftId: "x"), Options);

        Assert.Equal((IdeaLimits.Title, IdeaLimits.Description, ""), (input.Title.Length, input.Description.Length, input.Department));
        Assert.True(Guid.TryParse(input.DraftId, out _));
    }

    [Fact]
    public void FormInput_KnownDepartmentInOtherCase_TheDepartmentAsConfigured()
    {
        var draftId = Guid.NewGuid().ToString("D");

        var input = IdeaFormInput.Read(Fields(department: "ordnungsamt", draftId: draftId, anonymous: "true"), Options);

        Assert.Equal(("Ordnungsamt", draftId, true), (input.Department, input.DraftId, input.Anonymous));
    }

    [Fact]
    public void FormInput_FreshWithTypedTitle_TitleTidiedAndNewDraftEachTime()
    {
        var first = IdeaFormInput.Fresh("Termine\u202E online buchen");
        var second = IdeaFormInput.Fresh();

        Assert.Equal("Termine online buchen", first.Title);
        Assert.NotEqual(first.DraftId, second.DraftId);
    }

    private static JsonObject Fields(string title = "Termine online buchen", string description = "Damit niemand mehr anrufen muss.",
        string department = "", string? draftId = null, string anonymous = "false") => new()
    {
        ["draftId"] = draftId ?? Guid.NewGuid().ToString("D"),
        ["title"] = title,
        ["description"] = description,
        ["department"] = department,
        ["anonymous"] = anonymous,
    };
}
