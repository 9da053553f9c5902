using Microsoft.ML;
using ChurnPrediction.CommandLine;
using ChurnPrediction.Modeling;
using ChurnPrediction.Reporting;
using MLNet.Backprop;
using MLNet.Backprop.Experiments;
using MLNet.Backprop.Reports;

namespace ChurnPrediction.Commands;

/// <summary>
/// The classic exercise: change the learning rate or the activation and see what happens. Trains one MLP per
/// combination with the same seed, split and features, then compares their test AUC, losses and training diagnosis,
/// and overlays their loss and gradient-flow curves.
/// </summary>
public static class SweepCommand
{
    /// <summary>The comparison page written to the output folder.</summary>
    public const string ReportFileName = "sweep-report.html";

    public static int Run(ChurnOptions options, TextWriter output)
    {
        Directory.CreateDirectory(options.OutputDirectory);
        var ml = new MLContext(seed: options.Seed);
        var data = PreparedSplit.Load(ml, options, output);

        // One network per run (the gradient flow is a network's), two hidden layers so it has depth to show, a fixed
        // 15% hold-out with AUC early stopping: the configuration of the README's sweep table, its training settings set
        // in full so that later changes of the library's training defaults do not move it. The input stage is the
        // library's default one (NumericEncoding.Auto), so the sweep shows what a user's pipeline trains with.
        var baseOptions = new BackpropTrainer.Options
        {
            LabelColumnName = ChurnPipeline.Label, FeatureColumnName = "Features",
            HiddenLayers = [.. options.HiddenLayers ?? [64, 32]], Activation = Activation.Tanh, L2Regularization = 1e-3f, Dropout = 0.2f,
            LearningRate = 3e-3f, BatchSize = 256, NumberOfEpochs = options.Epochs ?? 40, ValidationFraction = 0.15f, EarlyStoppingPatience = 10,
            EarlyStoppingMetric = EarlyStoppingMetric.Auc, ClassWeighting = ClassWeighting.Balanced, EnsembleSize = 1, StandardizeFeatures = false,
            RecordDiagnostics = true, Seed = options.Seed,
        };
        var sweep = new ExperimentSweep(baseOptions)
            .WithLearningRates([.. options.LearningRates ?? [0.1f, 0.01f, 0.001f]])
            .WithActivations([.. options.Activations ?? [Activation.ReLU, Activation.Tanh, Activation.Sigmoid]]);
        if (options.Optimizers is not null) sweep = sweep.WithOptimizers([.. options.Optimizers]);
        if (options.ClipNorms is not null) sweep = sweep.WithClipNorms([.. options.ClipNorms]);

        Banner.Section(output, $"Sweep: {sweep.Count} MLPs ({string.Join(" × ", sweep.Axes.Select(a => a.Name))}), hidden layers " +
                               $"{string.Join("-", baseOptions.HiddenLayers)}, seed {options.Seed}, runs in parallel (results as if one by one)");
        var result = sweep.Run(ml, data.FeaturizedTrain, data.FeaturizedTest);
        output.Write(result.ToTable());

        // Every run's findings, so "why was this one bad?" has an answer next to the table.
        Banner.Section(output, "Training diagnosis per run");
        foreach (var run in result.Runs)
        {
            output.WriteLine($"{run.Label}:");
            foreach (var finding in run.Diagnosis.Findings) output.WriteLine($"  {finding}");
            if (run.Diagnosis.Findings.Count == 0) output.WriteLine("  no problems found");
        }

        var best = result.Best();
        var plots = SweepPlots.SaveAll(result, options.OutputDirectory);
        string report = HtmlReport.WriteSweep(Path.Combine(options.OutputDirectory, ReportFileName), result, "Churn prediction: learning rate × activation");
        Banner.Section(output, "Summary");
        if (data.Source.IsSynthetic) Banner.SyntheticWarning(output);
        output.WriteLine(best is null ? "No run finished." : $"Best run by test AUC: {best.Label}.");
        output.WriteLine($"Report: {Path.GetFullPath(report)}; overlay plots: {string.Join(", ", plots.Select(Path.GetFileName))}.");
        return ChurnApp.Success;
    }
}
