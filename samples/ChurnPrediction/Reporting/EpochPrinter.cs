using MLNet.Backprop.Training;

namespace ChurnPrediction.Reporting;

/// <summary>Prints one line per epoch while the MLP trains (the trainer calls <see cref="Print"/> as each epoch ends).</summary>
public sealed class EpochPrinter(TextWriter output, int? maxEpochs)
{
    public void Print(EpochReport epoch)
    {
        string auc = epoch.ValidationMetric is double v ? $"{v:F4}" : "-";
        output.WriteLine($"  epoch {epoch.Epoch,3}{(maxEpochs is int max ? $"/{max}" : "")}  training loss {epoch.TrainingLoss:F4}  validation AUC {auc}  ({epoch.Elapsed.TotalMilliseconds:F0} ms)");
    }
}
