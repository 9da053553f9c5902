using System.Globalization;
using System.Text;
using static MLNet.Backprop.Reports.Html.HtmlText;

namespace MLNet.Backprop.Reports.Html;

/// <summary>
/// An embedding table's 2-D projection as inline SVG: every key value a point (its name as the point's tooltip), the
/// points farthest from the centre labelled with their names, both axes at one scale so that distances read true. Drawn
/// as SVG rather than a PNG so that the names stay text (searchable, sharp when zoomed, selectable in the browser).
/// </summary>
internal static class ProjectionSvg
{
    /// <summary>Names written beside their points at most: more would cover each other.</summary>
    public const int MaxLabels = 30;

    /// <summary>Points drawn at most (evenly spaced through a larger table, the labelled ones always among them), so
    /// that the report stays a few megabytes at most.</summary>
    public const int MaxPoints = 5000;

    private const int Width = 900, Height = 520, Margin = 24;

    /// <summary>Indices of the <see cref="MaxLabels"/> points farthest from the centre (the mean), farthest first; ties by name.</summary>
    public static int[] Labelled(EmbeddingProjection projection) => Enumerable.Range(0, projection.Names.Count)
        .OrderByDescending(i => projection.X[i] * projection.X[i] + projection.Y[i] * projection.Y[i])
        .ThenBy(i => projection.Names[i], StringComparer.Ordinal)
        .Take(MaxLabels).ToArray();

    /// <summary>Indices of the points drawn: all of them, or <see cref="MaxPoints"/> evenly spaced plus the labelled ones.</summary>
    public static int[] Drawn(int count, IReadOnlyCollection<int> labelled)
    {
        if (count <= MaxPoints) return Enumerable.Range(0, count).ToArray();
        return Enumerable.Range(0, MaxPoints).Select(k => (int)((long)k * count / MaxPoints)).Concat(labelled).Distinct().Order().ToArray();
    }

    public static void Write(StringBuilder html, EmbeddingProjection projection, string title)
    {
        int n = projection.Names.Count;
        var labelled = Labelled(projection);
        var isLabelled = new HashSet<int>(labelled);
        var drawn = Drawn(n, labelled);

        double minX = n == 0 ? 0 : projection.X.Min(), maxX = n == 0 ? 0 : projection.X.Max();
        double minY = n == 0 ? 0 : projection.Y.Min(), maxY = n == 0 ? 0 : projection.Y.Max();
        double spanX = Math.Max(maxX - minX, 1e-12), spanY = Math.Max(maxY - minY, 1e-12);
        double scale = Math.Min((Width - 2 * Margin) / spanX, (Height - 2 * Margin) / spanY);
        double left = (Width - scale * spanX) / 2, top = (Height - scale * spanY) / 2;
        double Sx(double x) => left + (x - minX) * scale;
        double Sy(double y) => top + (maxY - y) * scale; // up is +y

        html.Append("<svg class=\"projection\" role=\"img\" viewBox=\"0 0 ").Append(Width).Append(' ').Append(Height)
            .Append("\" preserveAspectRatio=\"xMidYMid meet\"><title>").Append(E(title)).Append("</title>\n");
        html.Append("<rect class=\"frame\" x=\"0.5\" y=\"0.5\" width=\"").Append(Width - 1).Append("\" height=\"").Append(Height - 1).Append("\"/>\n");
        if (minX <= 0 && maxX >= 0) Line(html, Sx(0), 0, Sx(0), Height);
        if (minY <= 0 && maxY >= 0) Line(html, 0, Sy(0), Width, Sy(0));
        foreach (int i in drawn)
        {
            html.Append("<circle").Append(isLabelled.Contains(i) ? " class=\"labelled\"" : "").Append(" cx=\"").Append(F(Sx(projection.X[i])))
                .Append("\" cy=\"").Append(F(Sy(projection.Y[i]))).Append("\" r=\"3\"><title>").Append(E(projection.Names[i])).Append("</title></circle>\n");
        }
        foreach (int i in labelled)
        {
            // Names go towards the centre, so that none runs off the frame.
            double x = Sx(projection.X[i]), y = Sy(projection.Y[i]);
            bool right = x > Width / 2.0;
            html.Append("<text x=\"").Append(F(right ? x - 6 : x + 6)).Append("\" y=\"").Append(F(Math.Clamp(y + 4, 12, Height - 4)))
                .Append(right ? "\" text-anchor=\"end\">" : "\">").Append(E(projection.Names[i])).Append("</text>\n");
        }
        html.Append("</svg>\n");
    }

    private static void Line(StringBuilder html, double x1, double y1, double x2, double y2) =>
        html.Append("<line class=\"axis\" x1=\"").Append(F(x1)).Append("\" y1=\"").Append(F(y1)).Append("\" x2=\"").Append(F(x2)).Append("\" y2=\"").Append(F(y2)).Append("\"/>\n");

    private static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
