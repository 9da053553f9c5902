using MLNet.Backprop.Training;

namespace ChurnPrediction.Reporting;

/// <summary>
/// Prints one line per epoch while the MLP trains. Implements IProgress directly rather than using Progress&lt;T&gt;,
/// which would post the reports to the thread pool and could print them late or out of order.
/// </summary>
public sealed class EpochPrinter(TextWriter output, int? maxEpochs) : IProgress<EpochReport>
{
    public void Report(EpochReport epoch)
    {
        string auc = epoch.ValidationMetric is double v ? $"{v:F4}" : "-";
        output.WriteLine($"  epoch {epoch.Epoch,3}{(maxEpochs is int max ? $"/{max}" : "")}  training loss {epoch.TrainingLoss:F4}  validation AUC {auc}  ({epoch.Elapsed.TotalMilliseconds:F0} ms)");
    }
}
