using Microsoft.ML;
using ChurnPrediction.CommandLine;
using ChurnPrediction.Modeling;
using ChurnPrediction.Reporting;
using MLNet.Backprop.Experiments;

namespace ChurnPrediction.Commands;

/// <summary>
/// How the sample's MLP was chosen: BackpropTuner cross-validates configurations on the training customers only (the
/// test split is never read here) and prints every trial and the winner. The winner is what
/// <see cref="ChurnPipeline.TrainerOptions"/> fixes.
/// </summary>
public static class TuneCommand
{
    /// <summary>Trials of the search (trial 0 is the sample's configuration itself).</summary>
    public const int DefaultTrials = 16;

    /// <summary>Ensemble sizes compared for the winner, by the same cross-validation.</summary>
    public static readonly int[] EnsembleSizes = [1, 4, 8];

    public static int Run(ChurnOptions options, TextWriter output)
    {
        var ml = new MLContext(seed: options.Seed);
        var data = PreparedSplit.Load(ml, options, output);
        var tuner = ChurnPipeline.Tuner(options.Seed, options.Trials ?? DefaultTrials);
        Banner.Section(output, $"Tuning on the training customers only: {tuner.NumberOfTrials} trials, each cross-validated on " +
                               $"{tuner.NumberOfFolds} stratified folds, seed {options.Seed} (the test split is not used)");
        tuner.Progress = trial => output.WriteLine($"  {trial}"); // one line per scored fold
        var result = tuner.Tune(ml, data.FeaturizedTrain);
        output.Write(result.ToTable());

        // Then the winner's ensemble size, by the same folds.
        Banner.Section(output, $"Ensemble size of the winner, cross-validated on the same {tuner.NumberOfFolds} folds");
        var sizes = new List<(int Size, double Score)>();
        foreach (int size in EnsembleSizes)
        {
            var candidate = result.BestOptions;
            candidate.EnsembleSize = size;
            var scored = new BackpropTuner(candidate) { NumberOfTrials = 1, NumberOfFolds = tuner.NumberOfFolds, Seed = tuner.Seed }.Tune(ml, data.FeaturizedTrain);
            sizes.Add((size, scored.Best.Score));
            output.WriteLine($"  EnsembleSize {size}: {result.Metric} {scored.Best.Score:F4} (folds {string.Join(", ", scored.Best.FoldScores.Select(f => f.ToString("F4")))})");
        }
        var chosen = sizes.OrderByDescending(s => s.Score).ThenBy(s => s.Size).First();

        Banner.Section(output, "Summary");
        if (data.Source.IsSynthetic) Banner.SyntheticWarning(output);
        output.WriteLine($"Best: trial {result.Best.Index} ({string.Join(", ", result.Best.Settings.Select(s => $"{s.Key} {s.Value}"))}), " +
                         $"cross-validated {result.Metric} {result.Best.Score:F4} over {result.Best.FoldScores.Count} folds; " +
                         $"with EnsembleSize {chosen.Size}: {chosen.Score:F4}.");
        return ChurnApp.Success;
    }
}
