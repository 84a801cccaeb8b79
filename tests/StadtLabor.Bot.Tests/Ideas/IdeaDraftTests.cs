using System.Text.Json.Nodes;
using StadtLabor.Bot.Features.Ideas;
using Xunit;

namespace StadtLabor.Bot.Tests.Ideas;

/// <summary>The idea form as Teams sends it (strings) and as an edited payload might: every field checked, nothing guessed.</summary>
public sealed class IdeaDraftTests
{
    private static readonly IdeasOptions Options = new();

    private static JsonObject Form(string title = "Termine online vereinbaren", string description = "Damit niemand mehr anrufen muss.",
        string department = "", string anonymous = "false", string? draftId = null) => new()
    {
        ["draftId"] = draftId ?? Guid.NewGuid().ToString("D"),
        ["title"] = title,
        ["description"] = description,
        ["department"] = department,
        ["anonymous"] = anonymous,
    };

    [Fact]
    public void Read_ValidForm_DraftWithTrimmedFields()
    {
        var (draft, errors) = IdeaDraft.Read(Form(title: "  Termine online vereinbaren  "), Options);

        Assert.Empty(errors);
        Assert.Equal("Termine online vereinbaren", draft!.Title);
        Assert.Equal("", draft.Department);
        Assert.False(draft.Anonymous);
    }

    [Theory]
    [InlineData("Kurz", "title", "ideas.form.error.titleShort")]
    [InlineData("", "title", "ideas.form.error.titleShort")]
    public void Read_TitleTooShort_ErrorUnderTitle(string title, string field, string key)
    {
        var (draft, errors) = IdeaDraft.Read(Form(title: title), Options);

        Assert.Null(draft);
        Assert.Equal(key, errors[field]);
    }

    [Fact]
    public void Read_TitleAndDescriptionTooLong_BothNamed()
    {
        var (draft, errors) = IdeaDraft.Read(Form(title: new string('a', IdeaLimits.Title + 1), description: new string('b', IdeaLimits.Description + 1)), Options);

        Assert.Null(draft);
        Assert.Equal("ideas.form.error.titleLong", errors["title"]);
        Assert.Equal("ideas.form.error.descriptionLong", errors["description"]);
    }

    [Fact]
    public void Read_DepartmentInOtherCase_TheConfiguredSpelling()
    {
        var (draft, _) = IdeaDraft.Read(Form(department: "ordnungsamt"), Options);

        Assert.Equal("Ordnungsamt", draft!.Department);
    }

    [Fact]
    public void Read_DepartmentNotOffered_Refused()
    {
        var (draft, errors) = IdeaDraft.Read(Form(department: "Geheime Abteilung"), Options);

        Assert.Null(draft);
        Assert.Equal("ideas.form.error.department", errors["department"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-guid")]
    public void Read_DraftIdMissingOrForged_FormExpired(string draftId)
    {
        var (draft, errors) = IdeaDraft.Read(Form(draftId: draftId), Options);

        Assert.Null(draft);
        Assert.Equal("ideas.form.error.expired", errors["draftId"]);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData("yes", false)]
    public void Read_AnonymousToggle_OnlyTrueMeansAnonymous(string value, bool expected)
    {
        var (draft, _) = IdeaDraft.Read(Form(anonymous: value), Options);

        Assert.Equal(expected, draft!.Anonymous);
    }

    [Fact]
    public void Read_FieldsOfWrongType_TreatedAsMissing()
    {
        var form = Form();
        form["title"] = 42;
        form["description"] = new JsonArray("x");

        var (draft, errors) = IdeaDraft.Read(form, Options);

        Assert.Null(draft);
        Assert.Contains("title", errors.Keys);
        Assert.Contains("description", errors.Keys);
    }

    [Fact]
    public void ToData_ReadAgain_SameDraft()
    {
        var (draft, _) = IdeaDraft.Read(Form(department: "Bauamt", anonymous: "true"), Options);

        var (again, errors) = IdeaDraft.Read(draft!.ToData(), Options);

        Assert.Empty(errors);
        Assert.Equal(draft, again);
    }

    [Fact]
    public void IntakeKey_SamePersonAndDraft_SameKey_OtherwiseDifferent()
    {
        var draft = Guid.NewGuid().ToString("D");

        Assert.Equal(IdeaIntake.IntakeKey("A-B", draft), IdeaIntake.IntakeKey("a-b", draft));
        Assert.NotEqual(IdeaIntake.IntakeKey("a-b", draft), IdeaIntake.IntakeKey("a-c", draft));
        Assert.DoesNotContain("a-b", IdeaIntake.IntakeKey("a-b", draft), StringComparison.Ordinal);
    }
}
