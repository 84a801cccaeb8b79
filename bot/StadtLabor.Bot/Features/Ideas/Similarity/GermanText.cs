using System.Globalization;
using System.Text;

namespace StadtLabor.Bot.Features.Ideas.Similarity;

/// <summary>
/// Turns a German idea text into what the matcher compares: the character trigrams of its word stems.
/// Umlauts and ß are folded the way people type them without a German keyboard (ä = ae, ß = ss), so "Bürgerbüro"
/// and "Buergerbuero" are the same word. The trigrams carry compounds and typos: "Terminvereinbarung" shares most of
/// its trigrams with "Termin online vereinbaren", "Bürgerbüro" with "Büro für Bürger", "Formluar" many with "Formular",
/// without a compound dictionary that someone would have to keep up for the administration's words.
/// </summary>
/// <remarks>
/// Why our own analyser and not Lucene.Net's GermanAnalyzer (4.8.0-beta00018 restores here): its German parts are a
/// normalisation (umlauts) and a light stemmer, which this class does too, but it does not split compounds without a
/// word list or a hyphenation grammar (DictionaryCompoundWordTokenFilter, HyphenationCompoundWordTokenFilter) that it
/// does not ship; compounds are the main difference between two staff members' wordings. An index kept current row by
/// row from either database, with scores the same on SQLite and PostgreSQL, is a few hundred lines here, while Lucene
/// would bring a pre-release library with its own index, searcher and refresh rules for one use.
/// </remarks>
public static class GermanText
{
    /// <summary>A feature: a trigram of a stem ("ter" of "termin", "_te" at its start) with how often it occurs (title words count twice).</summary>
    public readonly record struct Feature(string Key, float Count);

    // A title says what the idea is; the description says it at length and wanders.
    private const int TitleWeight = 2;

    /// <summary>The features of an idea: the trigrams of the stems of title and description, the title's counted twice.</summary>
    /// <remarks>
    /// Stems as words of their own were tried beside the trigrams (a mixed cosine): on the labelled set they did not
    /// find more duplicates and showed more unrelated ideas at the same recall, so the trigrams alone decide.
    /// </remarks>
    public static IReadOnlyList<Feature> Features(string title, string description)
    {
        var counts = new Dictionary<string, float>(StringComparer.Ordinal);
        Add(counts, title, TitleWeight);
        Add(counts, description, 1);
        var list = new List<Feature>(counts.Count);
        foreach (var (key, count) in counts) list.Add(new Feature(key, count));
        // Ordinal order: the same text gives the same features in the same order, whatever the dictionary did.
        list.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return list;
    }

    private static void Add(Dictionary<string, float> counts, string text, int weight)
    {
        foreach (var stem in Stems(text))
        {
            var padded = "_" + stem + "_";
            for (var i = 0; i + 3 <= padded.Length; i++)
            {
                var gram = padded.Substring(i, 3);
                counts[gram] = counts.GetValueOrDefault(gram) + weight;
            }
        }
    }

    /// <summary>The stems of a text, stop words left out, in text order.</summary>
    public static IEnumerable<string> Stems(string text)
    {
        foreach (var word in Words(Fold(text)))
        {
            if (StopWords.Contains(word)) continue;
            var stem = Stem(word);
            if (stem.Length >= 2) yield return stem;
        }
    }

    /// <summary>Lower case, ä/ö/ü as ae/oe/ue, ß as ss, other accents dropped (é = e), hyphens joining ("E-Akte" = "eakte").</summary>
    public static string Fold(string text)
    {
        var sb = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            var c = char.ToLowerInvariant(text[i]);
            switch (c)
            {
                case 'ä': sb.Append("ae"); break;
                case 'ö': sb.Append("oe"); break;
                case 'ü': sb.Append("ue"); break;
                case 'ß': sb.Append("ss"); break;
                // "E-Akte", "Online-Termin": one word, as "eAkte" and "Onlinetermin" are written too.
                case '-' or '‐' or '–' when i > 0 && i + 1 < text.Length && char.IsLetterOrDigit(text[i - 1]) && char.IsLetterOrDigit(text[i + 1]): break;
                default: sb.Append(c); break;
            }
        }
        var folded = sb.ToString();
        if (System.Text.Ascii.IsValid(folded)) return folded;
        var decomposed = folded.Normalize(NormalizationForm.FormD);
        sb.Clear();
        foreach (var c in decomposed)
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark) sb.Append(c);
        return sb.ToString();
    }

    private static IEnumerable<string> Words(string folded)
    {
        var start = -1;
        for (var i = 0; i <= folded.Length; i++)
        {
            var inWord = i < folded.Length && char.IsLetterOrDigit(folded[i]);
            if (inWord && start < 0) start = i;
            else if (!inWord && start >= 0)
            {
                yield return folded[start..i];
                start = -1;
            }
        }
    }

    /// <summary>
    /// A light stemmer for folded German words: plural and case endings off ("Anträge" and "Antrag" stay apart, the
    /// trigrams bring them together), "-ungen" to "-ung", "-innen" off so "Bürgerinnen" meets "Bürger".
    /// </summary>
    public static string Stem(string word)
    {
        if (word.Length > 7 && word.EndsWith("innen", StringComparison.Ordinal)) return Stem(word[..^5]);
        if (word.Length > 6 && word.EndsWith("ungen", StringComparison.Ordinal)) return word[..^2];
        if (word.Length > 5 && word.EndsWith("ern", StringComparison.Ordinal)) return word[..^3];
        if (word.Length > 4 && (word.EndsWith("em", StringComparison.Ordinal) || word.EndsWith("en", StringComparison.Ordinal)
            || word.EndsWith("er", StringComparison.Ordinal) || word.EndsWith("es", StringComparison.Ordinal))) return word[..^2];
        if (word.Length > 3 && (word[^1] is 'e' or 's' or 'n')) return word[..^1];
        return word;
    }

    /// <summary>
    /// Function words, and the words every idea uses to ask for something ("bitte", "sollte", "einführen", "Idee"):
    /// they say nothing about which idea it is, and on a small collection their weight would not fall far enough.
    /// Folded (ae for ä), so they match however they were typed.
    /// </summary>
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "aber", "alle", "allen", "aller", "alles", "als", "also", "am", "an", "andere", "anderen", "auch", "auf", "aus",
        "bei", "beim", "bin", "bis", "bisher", "bitte", "bzw", "da", "dabei", "dadurch", "dafuer", "damit", "dann", "dar",
        "darf", "darueber", "das", "dass", "dem", "den", "denen", "denn", "der", "deren", "des", "dessen", "die", "dies",
        "diese", "diesem", "diesen", "dieser", "dieses", "doch", "dort", "du", "durch", "ein", "eine", "einem", "einen",
        "einer", "eines", "einfach", "einfuehren", "einfuehrung", "er", "es", "etc", "etwa", "etwas", "euch", "fuer",
        "ganz", "gibt", "gerne", "gut", "hat", "hatte", "haben", "hier", "ich", "ihr", "ihre", "ihren", "im", "immer",
        "in", "ins", "ist", "ja", "jede", "jeden", "jeder", "jedes", "jetzt", "kann", "kein", "keine", "koennen",
        "koennte", "koennten", "man", "mehr", "mir", "mit", "moechte", "moechten", "muss", "muessen", "nach", "neue",
        "neuen", "neues", "nicht", "noch", "nur", "ob", "oder", "ohne", "schon", "sehr", "sein", "seine", "sich", "sie",
        "sind", "so", "soll", "sollen", "sollte", "sollten", "statt", "ueber", "um", "und", "uns", "unser", "unsere",
        "unter", "viel", "viele", "vom", "von", "vor", "waere", "war", "was", "weil", "wenn", "werden", "wie", "wir",
        "wird", "wo", "wuerde", "wuerden", "z", "zb", "zu", "zum", "zur", "zwischen", "idee", "vorschlag",
        "usw", "oft", "mal", "dazu", "wieder", "bereits", "sowie", "endlich", "besser", "schneller", "schnell",
    };
}
