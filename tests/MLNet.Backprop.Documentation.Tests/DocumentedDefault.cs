using System.Collections;
using System.Globalization;

namespace MLNet.Backprop.Documentation.Tests;

/// <summary>Whether a default as the documentation writes it ("3e-3", "null", "{ 64, 32 }", "`Tanh`", "30 s", "512 MiB", "empty")
/// is the value a new object (or an optional parameter) holds. One reading for the XML docs and the README's tables, so that both are held to the
/// same code.</summary>
public static class DocumentedDefault
{
    /// <summary>Defaults written as words rather than values, and the value each stands for.</summary>
    private static readonly Dictionary<string, Func<object?, bool>> Phrases = new(StringComparer.Ordinal)
    {
        ["null"] = v => v is null,
        ["none"] = v => v is null || v is CancellationToken { CanBeCanceled: false },
        ["empty"] = v => v is IEnumerable e and not string && !e.Cast<object?>().Any(),
        ["the processor count"] = v => v is int n && n == Environment.ProcessorCount,
        // README, Options: the loss "task's natural loss" is null (resolved by the task); the diagnosis thresholds "defaults" are null (DiagnosisThresholds.Default).
        ["task's natural loss"] = v => v is null,
        ["defaults"] = v => v is null,
    };

    /// <summary>True when <paramref name="written"/> (backticks, a trailing full stop and surrounding blanks ignored)
    /// denotes <paramref name="actual"/>; null when the text is no value this reader knows (the caller reports it).</summary>
    public static bool? Matches(object? actual, string written)
    {
        string text = written.Replace("`", "").Trim().TrimEnd('.').Trim();
        if (Phrases.TryGetValue(text, out var phrase)) return phrase(actual);
        if (text is "true" or "false") return actual is bool b && b == (text == "true");
        if (text.Length >= 2 && text[0] == '"' && text[^1] == '"') return actual is string s && s == text[1..^1];
        if (text.Length >= 2 && (text[0], text[^1]) is ('{', '}') or ('[', ']'))
        {
            if (actual is not IEnumerable items || actual is string) return false;
            var parts = SplitTopLevel(text[1..^1], ',').Where(p => p.Trim().Length > 0).ToList();
            var values = items.Cast<object?>().ToList();
            if (parts.Count != values.Count) return false;
            bool? all = true;
            for (int i = 0; i < parts.Count; i++)
            {
                bool? one = Matches(values[i], parts[i]);
                if (one is null) return null;
                all &= one;
            }
            return all;
        }
        if (text.EndsWith(" s", StringComparison.Ordinal) && double.TryParse(text[..^2], NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds))
            return actual is TimeSpan span && span == TimeSpan.FromSeconds(seconds);
        if (text.EndsWith(" MiB", StringComparison.Ordinal) && double.TryParse(text[..^4], NumberStyles.Float, CultureInfo.InvariantCulture, out double mebibytes))
            return Matches(actual, (mebibytes * 1024 * 1024).ToString(CultureInfo.InvariantCulture));
        if (double.TryParse(text.Replace(",", ""), NumberStyles.Float, CultureInfo.InvariantCulture, out double number))
            return actual switch
            {
                int i => i == number,
                long l => l == number,
                ulong u => u == number,
                float f => f == (float)number,
                double d => d == number,
                _ => false,
            };
        if (text.All(c => char.IsLetterOrDigit(c) || c == '_')) return actual is Enum e && e.ToString() == text;
        return null;
    }

    /// <summary>The parts of <paramref name="text"/> between separators that stand outside brackets, parentheses and
    /// backticks ("`null` (automatic: a, b) / 0" → "`null` (automatic: a, b) ", " 0").</summary>
    public static List<string> SplitTopLevel(string text, char separator)
    {
        var parts = new List<string>();
        int depth = 0, start = 0;
        bool code = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '`') code = !code;
            else if (code) continue;
            else if (c is '(' or '[' or '{') depth++;
            else if (c is ')' or ']' or '}') depth--;
            else if (c == separator && depth == 0)
            {
                parts.Add(text[start..i]);
                start = i + 1;
            }
        }
        parts.Add(text[start..]);
        return parts;
    }

    /// <summary>The text before the first parenthesis outside backticks: the value of "`null` (automatic: …)".</summary>
    public static string BeforeRemark(string text)
    {
        bool code = false;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '`') code = !code;
            else if (!code && text[i] == '(' && i > 0) return text[..i].Trim();
        }
        return text.Trim();
    }
}
