using System.Globalization;
using System.Text;
using MLNet.Backprop.Training;
using static MLNet.Backprop.Reports.Html.HtmlText;

namespace MLNet.Backprop.Reports.Html;

/// <summary>The embedding tables of a run: their statistics in the last epoch (how much gradient reached them, how far
/// their rows moved, how many keys training saw), then each table's vectors projected on its first two principal axes,
/// labelled with the key names (when the model is at hand; a history alone has no vectors).</summary>
internal static class EmbeddingSection
{
    public static bool Applies(TrainingHistory history, BackpropModel? model) =>
        history.Epochs.Count > 0 && history.Epochs[^1].Embeddings.Count > 0 || model?.CategoricalColumnNames.Count > 0;

    public static void Write(StringBuilder html, TrainingHistory history, BackpropModel? model)
    {
        var names = model?.CategoricalColumnNames ?? [];
        string Name(int table) => table < names.Count ? names[table] : $"table {table}";
        var last = history.Epochs.Count > 0 ? history.Epochs[^1] : null;
        if (last is { Embeddings.Count: > 0 })
        {
            Paragraph(html, $"Each categorical column's table in the last epoch ({last.Epoch}). The gradient and the update are measured on the rows " +
                "the mini-batches touched; a row no training row touched keeps its random initial vector.");
            var header = new[] { "column", "keys", "width", "keys seen in training", "keys touched in the epoch", "gradient norm", "gradient RMS", "update ratio" };
            var rows = last.Embeddings.Select(t => (IReadOnlyList<string>)
            [
                Name(t.Table),
                Readable.Count(t.Keys),
                t.Width.ToString(CultureInfo.InvariantCulture),
                $"{Readable.Count(t.Keys - t.KeysNeverTouched)} ({Readable.Percent((t.Keys - t.KeysNeverTouched) / (double)t.Keys)})",
                Readable.Count(t.KeysTouched),
                Readable.Number(t.GradientNormMean),
                Readable.Number(t.GradientRms),
                double.IsNaN(t.UpdateRatio) ? "–" : Readable.Number(t.UpdateRatio),
            ]);
            Table(html, "tables", header, rows, numeric: c => c > 0,
                caption: "Gradient norm: mean over the epoch's mini-batches; RMS: per touched value; update ratio: ‖Δv‖/‖v‖ of the touched rows at the epoch's last step (healthy ≈ 1e-3)");
        }
        if (model is null)
        {
            Paragraph(html, "The projections of the tables' vectors need the model; this report has its history only.", "auto");
            return;
        }
        foreach (string column in names)
        {
            var projection = model.Embedding(column).Project2D();
            int count = projection.Names.Count;
            var named = ProjectionSvg.Labels(projection);
            int labels = named.Count;
            int drawn = ProjectionSvg.Drawn(count, named.Select(l => l.Index).ToArray()).Length;
            string description = $"'{column}': {Readable.Count(count)} key values on the vectors' first two principal axes " +
                $"(horizontal: {Readable.Percent(projection.FirstAxisShare)} of the variance, vertical: {Readable.Percent(projection.SecondAxisShare)}); " +
                (labels == count ? "each named" : $"{labels} of the farthest from the centre named (as many as fit, up to {ProjectionSvg.MaxLabels}), every point on hover") +
                (drawn < count ? $"; {Readable.Count(drawn)} of the points drawn (evenly spaced)" : "") + ".";
            html.Append("<h3>").Append(E(column)).Append("</h3>\n<figure class=\"projection\">");
            ProjectionSvg.Write(html, projection, description);
            html.Append("<figcaption>").Append(E(description)).Append("</figcaption></figure>\n");
        }
    }
}
