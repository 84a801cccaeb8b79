using StadtLabor.Bot.Roles;

namespace StadtLabor.Bot.Turns;

/// <summary>
/// Every way into a feature: card verbs, typed commands and install events, each verb and command with the role it
/// needs (Staff unless declared), which the router checks before the handler runs. Filled by the feature modules at
/// start-up; a verb or command registered twice is a bug, so it stops the start.
/// </summary>
public sealed class TurnRoutes
{
    private readonly Dictionary<string, TurnRoute> _verbs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (TurnRoute Route, string Canonical)> _phrases = new(StringComparer.Ordinal);
    private readonly List<(string Phrase, Type Handler, string Display, Role Role)> _commandList = [];
    private int _longestPhrase;

    /// <summary>How much of a typed text is read to find a command: room for the longest phrase, stray punctuation and spaces.</summary>
    private int HeadLength => 4 * _longestPhrase + 64;

    public Type? Install { get; private set; }
    public Type? Uninstall { get; private set; }
    public Type? Fallback { get; private set; }

    public IReadOnlyDictionary<string, TurnRoute> Verbs => _verbs;

    /// <summary>Commands as written for people (German first), in registration order: the manifest lists these.</summary>
    public IReadOnlyList<(string Phrase, Type Handler, string Display, Role Role)> Commands => _commandList;

    /// <param name="verb">"&lt;feature&gt;.&lt;action&gt;", as written in the cards.</param>
    /// <param name="role">Who may use it; others get the "denied" card and the handler does not run.</param>
    public TurnRoutes Verb<THandler>(string verb, Role role = Role.Staff) where THandler : IVerbHandler
    {
        if (!System.Text.RegularExpressions.Regex.IsMatch(verb, "^[a-z][a-zA-Z]*\\.[a-zA-Z]+$"))
            throw new InvalidOperationException($"Verb '{verb}' must look like '<feature>.<action>'.");
        if (!_verbs.TryAdd(verb, new TurnRoute(typeof(THandler), role)))
            throw new InvalidOperationException($"Verb '{verb}' is registered twice: {_verbs[verb].Handler.Name} and {typeof(THandler).Name}.");
        return this;
    }

    private readonly Dictionary<string, TurnRoute> _messageActions = new(StringComparer.Ordinal);

    /// <summary>Message-extension action commands by their manifest command id.</summary>
    public IReadOnlyDictionary<string, TurnRoute> MessageActions => _messageActions;

    /// <param name="commandId">The command's id in the manifest's composeExtensions (e.g. "submitIdea").</param>
    public TurnRoutes MessageAction<THandler>(string commandId, Role role = Role.Staff) where THandler : IMessageActionHandler
    {
        if (!System.Text.RegularExpressions.Regex.IsMatch(commandId, "^[a-z][a-zA-Z]{1,63}$"))
            throw new InvalidOperationException($"Message action '{commandId}' must be a camelCase word.");
        if (!_messageActions.TryAdd(commandId, new TurnRoute(typeof(THandler), role)))
            throw new InvalidOperationException($"Message action '{commandId}' is registered twice.");
        return this;
    }

    /// <summary>Typed command words anyone (Staff) may use; the first phrase is the one shown to people.</summary>
    public TurnRoutes Command<THandler>(params string[] phrases) where THandler : ITurnHandler =>
        Command<THandler>(Role.Staff, phrases);

    /// <summary>Typed command words for a role; the first phrase is the one shown to people.</summary>
    public TurnRoutes Command<THandler>(Role role, params string[] phrases) where THandler : ITurnHandler
    {
        ArgumentNullException.ThrowIfNull(phrases);
        if (phrases.Length == 0) throw new InvalidOperationException($"Command of {typeof(THandler).Name} has no phrase.");
        var canonical = TextCommands.Normalize(phrases[0]);
        var route = new TurnRoute(typeof(THandler), role);
        foreach (var phrase in phrases)
        {
            var key = TextCommands.Normalize(phrase);
            if (key.Length == 0) throw new InvalidOperationException($"Command phrase '{phrase}' is empty after normalising.");
            if (_phrases.TryGetValue(key, out var existing))
            {
                if (existing.Route == route && existing.Canonical == canonical) continue;
                throw new InvalidOperationException($"Command '{phrase}' is registered twice: {existing.Route.Handler.Name} and {typeof(THandler).Name}.");
            }
            _phrases.Add(key, (route, canonical));
            _longestPhrase = Math.Max(_longestPhrase, key.Length);
        }
        _commandList.Add((canonical, typeof(THandler), phrases[0], role));
        return this;
    }

    public TurnRoutes OnInstall<THandler>() where THandler : ITurnHandler => Set(ref _install, typeof(THandler), "install", v => Install = v);
    public TurnRoutes OnUninstall<THandler>() where THandler : ITurnHandler => Set(ref _uninstall, typeof(THandler), "uninstall", v => Uninstall = v);
    public TurnRoutes OnUnknownText<THandler>() where THandler : ITurnHandler => Set(ref _fallback, typeof(THandler), "fallback", v => Fallback = v);

    /// <summary>Asked in registration order, before the fallback, whether it understands a text no command matched.</summary>
    public IReadOnlyList<Type> Interpreters => _interpreters;

    private readonly List<Type> _interpreters = [];

    public TurnRoutes InterpretUnknownText<TInterpreter>() where TInterpreter : ITextInterpreter
    {
        if (_interpreters.Contains(typeof(TInterpreter)))
            throw new InvalidOperationException($"The text interpreter {typeof(TInterpreter).Name} is registered twice.");
        _interpreters.Add(typeof(TInterpreter));
        return this;
    }

    private Type? _install, _uninstall, _fallback;

    private TurnRoutes Set(ref Type? slot, Type handler, string what, Action<Type> assign)
    {
        if (slot is not null) throw new InvalidOperationException($"The {what} handler is registered twice: {slot.Name} and {handler.Name}.");
        slot = handler;
        assign(handler);
        return this;
    }

    /// <summary>
    /// The command for a typed text: exact phrase first, then a phrase followed by more words ("idee bessere Drucker"),
    /// then the single closest phrase within the typo allowance. Ties mean we are not sure, so no match.
    /// </summary>
    public CommandMatch? MatchCommand(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // Commands are a few words, so only the head of a long text can name one (a command followed by an argument,
        // "idee …"): normalising and typo-matching all of a 100,000-character message cost seconds and megabytes.
        var trimmed = text.AsSpan().Trim();
        var whole = trimmed.Length <= HeadLength;
        var normalized = TextCommands.Normalize(whole ? trimmed.ToString() : trimmed[..HeadLength].ToString());
        if (normalized.Length == 0) return null;
        if (whole && _phrases.TryGetValue(normalized, out var exact)) return new(exact.Route.Handler, exact.Canonical, "", exact.Route.Role);

        foreach (var (phrase, target) in _phrases.OrderByDescending(p => p.Key.Length))
        {
            if (normalized.StartsWith(phrase + " ", StringComparison.Ordinal))
                return new(target.Route.Handler, target.Canonical, ArgumentAfter(text, phrase.Split(' ').Length), target.Route.Role);
        }

        // A typo of a phrase is at most two letters longer than it; anything longer is not one (and costs length²).
        if (!whole || normalized.Length > _longestPhrase + TextCommands.AllowedTypos(int.MaxValue)) return null;
        var best = _phrases
            .Select(p => (Target: p.Value, Distance: TextCommands.Distance(normalized, p.Key), Length: p.Key.Length))
            .Where(p => p.Distance <= TextCommands.AllowedTypos(p.Length))
            .OrderBy(p => p.Distance)
            .ToList();
        if (best.Count == 0) return null;
        if (best.Count > 1 && best[1].Distance == best[0].Distance && best[1].Target.Canonical != best[0].Target.Canonical) return null;
        return new(best[0].Target.Route.Handler, best[0].Target.Canonical, "", best[0].Target.Route.Role);
    }

    private static string ArgumentAfter(string original, int wordCount)
    {
        var words = original.Trim().Split((char[]?)null, wordCount + 1, StringSplitOptions.RemoveEmptyEntries);
        return words.Length > wordCount ? words[wordCount].TrimStart(':', ' ') : "";
    }
}

/// <summary>A card verb's or command's handler and the role it needs.</summary>
public sealed record TurnRoute(Type Handler, Role Role);

/// <summary>A typed command: which handler, which command (its first phrase, normalised), the words after it, the role it needs.</summary>
public sealed record CommandMatch(Type Handler, string Command, string Argument, Role Role = Role.Staff);
