using MLNet.Backprop.Training;
using ScottPlot;

namespace MLNet.Backprop.Reports;

public static partial class TrainingPlots
{
    /// <summary>The reliability diagram of a classifier's calibration on its hold-out rows: each non-empty bin's mean
    /// predicted probability against the observed frequency, the marker's area growing with the bin's rows, beside the
    /// diagonal of perfect calibration. A model without hold-out rows has no bins: the plot then shows the diagonal alone.</summary>
    /// <param name="report">The calibration report (<see cref="TrainingHistory.Calibration"/>).</param>
    /// <param name="title">The title; default "Reliability (hold-out)".</param>
    public static Plot Reliability(CalibrationReport report, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        var plot = PlotStyle.Create(title ?? "Reliability (hold-out)", "mean predicted probability", "observed frequency");
        var diagonal = plot.Add.Line(0, 0, 1, 1);
        diagonal.Color = Colors.Gray;
        diagonal.LinePattern = LinePattern.Dotted;
        diagonal.LegendText = "perfectly calibrated";
        var bins = report.Bins.Where(b => b.Weight > 0 && double.IsFinite(b.MeanPredicted) && double.IsFinite(b.ObservedFrequency)).ToArray();
        if (bins.Length > 0)
        {
            double largest = bins.Max(b => b.Weight);
            var line = plot.Add.ScatterLine(bins.Select(b => b.MeanPredicted).ToArray(), bins.Select(b => b.ObservedFrequency).ToArray(), Colors.C0);
            line.LineWidth = 2f;
            line.MarkerSize = 0;
            line.LegendText = $"{report.Method} (ECE {report.ExpectedCalibrationErrorAfter:0.000})";
            foreach (var bin in bins)
            {
                var marker = plot.Add.Marker(bin.MeanPredicted, bin.ObservedFrequency, MarkerShape.FilledCircle, (float)(5 + 15 * Math.Sqrt(bin.Weight / largest)), Colors.C0);
                marker.LegendText = "";
            }
        }
        plot.Axes.SetLimits(0, 1, 0, 1);
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }
}
