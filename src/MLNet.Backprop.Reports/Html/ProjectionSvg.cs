using System.Globalization;
using System.Text;
using static MLNet.Backprop.Reports.Html.HtmlText;

namespace MLNet.Backprop.Reports.Html;

/// <summary>
/// An embedding table's 2-D projection as inline SVG: every key value a point (its name as the point's tooltip), the
/// points farthest from the centre named beside them (as many as fit without covering each other, up to
/// <see cref="MaxLabels"/>), both axes at one scale so that distances read true. Drawn
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

    /// <summary>Points named on the plot, farthest from the centre (the mean) first, ties by name: each taken whose
    /// name, on the side towards the centre (or else the other side), would cover no name already placed, until
    /// <see cref="MaxLabels"/> are.</summary>
    public static IReadOnlyList<Label> Labels(EmbeddingProjection projection)
    {
        var frame = Frame.Of(projection);
        var placed = new List<Label>();
        var order = Enumerable.Range(0, projection.Names.Count)
            .OrderByDescending(i => projection.X[i] * projection.X[i] + projection.Y[i] * projection.Y[i])
            .ThenBy(i => projection.Names[i], StringComparer.Ordinal);
        foreach (int i in order)
        {
            if (placed.Count == MaxLabels) break;
            double x = frame.Sx(projection.X[i]), y = frame.Sy(projection.Y[i]);
            bool towardsLeft = x > Width / 2.0;
            foreach (bool left in new[] { towardsLeft, !towardsLeft })
            {
                var label = Label.At(i, projection.Names[i], x, y, left);
                if (label.Left < 1 || label.Right > Width - 1 || placed.Any(p => p.Overlaps(label))) continue;
                placed.Add(label);
                break;
            }
        }
        return placed;
    }

    /// <summary>A name beside its point: the text's anchor and its box, estimated from the font size (the width of a
    /// character at most 0.62 em in the report's sans-serif fonts).</summary>
    public readonly record struct Label(int Index, string Name, double X, double Y, bool EndAnchored, double Left, double Right, double Top, double Bottom)
    {
        private const double FontSize = 12, CharacterWidth = 0.62 * FontSize, Gap = 6;

        public static Label At(int index, string name, double pointX, double pointY, bool left)
        {
            double width = name.Length * CharacterWidth, y = Math.Clamp(pointY + 4, FontSize, Height - 4);
            double x = left ? pointX - Gap : pointX + Gap;
            return new Label(index, name, x, y, left, left ? x - width : x, left ? x : x + width, y - FontSize, y + 3);
        }

        public bool Overlaps(Label other) => Left < other.Right && other.Left < Right && Top < other.Bottom && other.Top < Bottom;
    }

    /// <summary>Data to SVG coordinates: both axes at one scale, the points centred in the frame, up as +y.</summary>
    private readonly record struct Frame(double MinX, double MaxY, double Scale, double Left, double Top)
    {
        public static Frame Of(EmbeddingProjection p)
        {
            int n = p.Names.Count;
            double minX = n == 0 ? 0 : p.X.Min(), maxX = n == 0 ? 0 : p.X.Max();
            double minY = n == 0 ? 0 : p.Y.Min(), maxY = n == 0 ? 0 : p.Y.Max();
            double spanX = Math.Max(maxX - minX, 1e-12), spanY = Math.Max(maxY - minY, 1e-12);
            double scale = Math.Min((Width - 2 * Margin) / spanX, (Height - 2 * Margin) / spanY);
            return new Frame(minX, maxY, scale, (Width - scale * spanX) / 2, (Height - scale * spanY) / 2);
        }

        public double Sx(double x) => Left + (x - MinX) * Scale;

        public double Sy(double y) => Top + (MaxY - y) * Scale;
    }

    /// <summary>Indices of the points drawn: all of them, or <see cref="MaxPoints"/> evenly spaced plus the labelled ones.</summary>
    public static int[] Drawn(int count, IReadOnlyCollection<int> labelled)
    {
        if (count <= MaxPoints) return Enumerable.Range(0, count).ToArray();
        return Enumerable.Range(0, MaxPoints).Select(k => (int)((long)k * count / MaxPoints)).Concat(labelled).Distinct().Order().ToArray();
    }

    public static void Write(StringBuilder html, EmbeddingProjection projection, string title)
    {
        var frame = Frame.Of(projection);
        var labels = Labels(projection);
        var isLabelled = labels.Select(l => l.Index).ToHashSet();
        var drawn = Drawn(projection.Names.Count, isLabelled);

        html.Append("<svg class=\"projection\" role=\"img\" viewBox=\"0 0 ").Append(Width).Append(' ').Append(Height)
            .Append("\" preserveAspectRatio=\"xMidYMid meet\"><title>").Append(E(title)).Append("</title>\n");
        html.Append("<rect class=\"frame\" x=\"0.5\" y=\"0.5\" width=\"").Append(Width - 1).Append("\" height=\"").Append(Height - 1).Append("\"/>\n");
        if (projection.Names.Count > 0)
        {
            if (projection.X.Min() <= 0 && projection.X.Max() >= 0) Line(html, frame.Sx(0), 0, frame.Sx(0), Height);
            if (projection.Y.Min() <= 0 && projection.Y.Max() >= 0) Line(html, 0, frame.Sy(0), Width, frame.Sy(0));
        }
        // The named points last, so that no other point hides them.
        foreach (int i in drawn.Where(i => !isLabelled.Contains(i)).Concat(drawn.Where(isLabelled.Contains)))
        {
            html.Append("<circle").Append(isLabelled.Contains(i) ? " class=\"labelled\"" : "").Append(" cx=\"").Append(F(frame.Sx(projection.X[i])))
                .Append("\" cy=\"").Append(F(frame.Sy(projection.Y[i]))).Append("\" r=\"3\"><title>").Append(E(projection.Names[i])).Append("</title></circle>\n");
        }
        foreach (var label in labels)
            html.Append("<text x=\"").Append(F(label.X)).Append("\" y=\"").Append(F(label.Y))
                .Append(label.EndAnchored ? "\" text-anchor=\"end\">" : "\">").Append(E(label.Name)).Append("</text>\n");
        html.Append("</svg>\n");
    }

    private static void Line(StringBuilder html, double x1, double y1, double x2, double y2) =>
        html.Append("<line class=\"axis\" x1=\"").Append(F(x1)).Append("\" y1=\"").Append(F(y1)).Append("\" x2=\"").Append(F(x2)).Append("\" y2=\"").Append(F(y2)).Append("\"/>\n");

    private static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
