namespace StadtLabor.Bot.Features.Trainings;

/// <summary>Field lengths: the columns and the form validation use the same numbers.</summary>
public static class TrainingLimits
{
    public const int ToolName = 60;
    public const int Title = 120;
    public const int Description = 2000;
    public const int Place = 200;
    public const int Url = 500;
    public const int Name = 200;
    public const int Comment = 1000;
    public const int MaxCapacity = 500;
}
