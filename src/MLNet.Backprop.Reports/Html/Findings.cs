using System.Text;
using static MLNet.Backprop.Reports.Html.HtmlText;

namespace MLNet.Backprop.Reports.Html;

/// <summary>A diagnosis as HTML: one box per finding, most severe first, with its advice and evidence.</summary>
internal static class Findings
{
    public static void List(StringBuilder html, TrainingDiagnosis diagnosis)
    {
        if (diagnosis.Findings.Count == 0)
        {
            html.Append("<p class=\"healthy\">No problems found.</p>\n");
            return;
        }
        foreach (var f in diagnosis.Findings.OrderByDescending(f => f.Severity))
        {
            string severity = f.Severity.ToString().ToLowerInvariant();
            string where = string.Join(", ", new[] { f.Layer is int l ? $"layer {l}" : null, f.Column is { } c ? $"column '{c}'" : null, f.Epoch is int e ? $"epoch {e}" : null }.Where(s => s is not null));
            html.Append("<div class=\"finding ").Append(severity).Append("\">\n<div class=\"head\"><span class=\"badge\">").Append(E(f.Severity.ToString()))
                .Append("</span> <strong>").Append(E(f.Kind.ToString())).Append("</strong>");
            if (where.Length > 0) html.Append(" <span class=\"where\">(").Append(E(where)).Append(")</span>");
            html.Append("</div>\n<p>").Append(E(f.Message)).Append("</p>\n<p class=\"advice\">→ ").Append(E(f.Advice)).Append("</p>\n");
            if (f.Evidence.Count > 0)
            {
                html.Append("<table class=\"evidence\">");
                foreach (var (name, value) in f.Evidence)
                    html.Append("<tr><th scope=\"row\">").Append(E(name)).Append("</th><td class=\"num\">").Append(E(Readable.Number(value))).Append("</td></tr>");
                html.Append("</table>\n");
            }
            html.Append("</div>\n");
        }
    }

    /// <summary>"VanishingGradients (warning), DeadUnits (critical)" or "none"; <paramref name="breakable"/> lets a
    /// narrow table column break the kinds' names between their words (a zero-width space before each inner capital).</summary>
    public static string Summary(TrainingDiagnosis diagnosis, bool breakable = false) => diagnosis.Findings.Count == 0 ? "none" :
        string.Join(", ", diagnosis.Findings.GroupBy(f => f.Kind).Select(g =>
            $"{(breakable ? Breakable(g.Key.ToString()) : g.Key.ToString())} ({g.Max(f => f.Severity).ToString().ToLowerInvariant()})"));

    private static string Breakable(string name) =>
        string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) ? "\u200B" + c : c.ToString()));
}
