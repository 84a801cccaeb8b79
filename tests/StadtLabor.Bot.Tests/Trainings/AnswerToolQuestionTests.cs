using StadtLabor.Bot.Features.Trainings;

namespace StadtLabor.Bot.Tests.Trainings;

public sealed class AnswerToolQuestionTests
{
    [Theory]
    [InlineData("Wann ist die nächste Miro-Schulung?", "Miro")]
    [InlineData("MIRO?", "Miro")]
    [InlineData("when is the next scrum training", "Scrum")]
    [InlineData("Schulung fuer das Buergerportal", "Bürgerportal")]
    [InlineData("Schulung für das Bürgerportal", "Buergerportal")]
    [InlineData("Kurs zu MS Teams bitte", "MS Teams")]
    public void Names_ToolNamedAnyWay_True(string text, string tool) =>
        Assert.True(AnswerToolQuestion.Names(AnswerToolQuestion.Words(text), tool));

    [Theory]
    [InlineData("Wer ist Mirowski?", "Miro")]
    [InlineData("Wann hat das Bürgerbüro geöffnet?", "Miro")]
    [InlineData("Scrumban erklärt", "Scrum")]
    [InlineData("Teams", "MS Teams")]
    [InlineData("", "Miro")]
    [InlineData("Miro", "")]
    public void Names_ToolNotNamedAsWholeWords_False(string text, string tool) =>
        Assert.False(AnswerToolQuestion.Names(AnswerToolQuestion.Words(text), tool));

    [Fact]
    public void Words_VeryLongText_OnlyTheHeadReadCheaply()
    {
        var text = "Miro " + string.Concat(Enumerable.Repeat("Wann hat das Bürgerbüro geöffnet? ", 3000)) + "Scrum";
        AnswerToolQuestion.Words(text);

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var words = AnswerToolQuestion.Words(text);
        var used = GC.GetAllocatedBytesForCurrentThread() - allocated;

        Assert.True(AnswerToolQuestion.Names(words, "Miro"));
        Assert.False(AnswerToolQuestion.Names(words, "Scrum"));
        // Proportional to the head, not to the 100,000 characters sent.
        Assert.True(used < 64 * 1024, $"{used} bytes allocated");
    }
}
