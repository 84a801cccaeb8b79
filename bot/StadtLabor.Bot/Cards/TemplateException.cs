namespace StadtLabor.Bot.Cards;

/// <summary>
/// A card template uses syntax we do not support, or data that Microsoft's templating engine
/// also fails on. Always a bug in a card or its caller, found by the card tests.
/// </summary>
public sealed class TemplateException : Exception
{
    public TemplateException(string cardName, string expression, string reason)
        : base($"Card '{cardName}': cannot expand \"{expression}\": {reason}")
    {
        CardName = cardName;
        Expression = expression;
        Reason = reason;
    }

    public TemplateException() { }

    public TemplateException(string message) : base(message) { }

    public TemplateException(string message, Exception innerException) : base(message, innerException) { }

    public string CardName { get; } = "";

    /// <summary>The template text that failed, e.g. "Hallo ${userName}".</summary>
    public string Expression { get; } = "";

    public string Reason { get; } = "";
}
