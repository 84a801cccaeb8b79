namespace StadtLabor.Bot.Features.Lending;

/// <summary>Field lengths: the columns and the form validation use the same numbers.</summary>
public static class LendingLimits
{
    public const int Name = 120;
    public const int Category = 60;
    public const int Description = 2000;
    public const int Url = 500;
    public const int PersonName = 200;
    public const int Purpose = 300;
    public const int Place = 200;
    public const int Reason = 500;
    public const int Note = 500;
    public const int ContentType = 40;
    public const int MaxQuantity = 500;
    public const int MaxPartCount = 100;
}
