using StadtLabor.Bot.Features.Surveys;

namespace StadtLabor.Bot.Tests.Surveys;

/// <summary>Surveys:MixOnSubmit is checked at start: 0 (off) or a sample size, never negative.</summary>
public sealed class SurveysOptionsTests
{
    [Theory]
    [InlineData(0, true)]
    [InlineData(1, true)]
    [InlineData(100, true)]
    [InlineData(-1, false)]
    public void MixOnSubmit_ZeroOrMore_NegativeRefusedWithTheKey(int mix, bool valid)
    {
        var result = new SurveysOptionsValidator().Validate(null, new SurveysOptions { MixOnSubmit = mix });

        Assert.Equal(valid, result.Succeeded);
        if (!valid) Assert.Contains("Surveys:MixOnSubmit", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void MixOnSubmit_Default_Hundred() => Assert.Equal(100, new SurveysOptions().MixOnSubmit);
}
