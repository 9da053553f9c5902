using System.Globalization;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using ChurnPrediction.CommandLine;
using ChurnPrediction.Data;
using ChurnPrediction.Modeling;
using ChurnPrediction.Reporting;
using MLNet.Backprop;
using MLNet.Backprop.Reports;

namespace ChurnPrediction.Commands;

/// <summary>
/// The default command, the sample's story from raw CSV to a saved model: split, featurize, train the MLP, compare it
/// with ML.NET's trainers, pick a threshold, explain the model, save it and prove the saved copy scores identically.
/// </summary>
public static class TrainCommand
{
    /// <summary>The line the summary starts with; tests and scripts read the AUC from it.</summary>
    public const string AucLinePrefix = "MLP test AUC: ";

    public const string ModelFileName = "churn-model.zip";

    /// <summary>The HTML training report written next to the model.</summary>
    public const string ReportFileName = "churn-report.html";

    public static int Run(ChurnOptions options, TextWriter output, TextWriter error)
    {
        Directory.CreateDirectory(options.OutputDirectory);
        // One seed for everything ML.NET draws (the trees' sampling, SDCA's order) and for the MLP itself.
        var ml = new MLContext(seed: options.Seed);

        // 1-3. The data found, split by the fixed rule and featurized once (see PreparedSplit).
        var data = PreparedSplit.Load(ml, options, output);
        var (source, train, test, featurizer) = (data.Source, data.Train, data.Test, data.Featurizer);
        var (featurizedTrain, featurizedTest) = (data.FeaturizedTrain, data.FeaturizedTest);
        int featureCount = ((VectorDataViewType)featurizedTrain.Schema["Features"].Type).Size;

        // 4. The MLP, with a live line per epoch.
        var trainerOptions = ChurnPipeline.TrainerOptions(options.Seed, options.Epochs);
        Banner.Section(output, $"Training the MLP ({featureCount} features → {string.Join("-", trainerOptions.HiddenLayers)} {trainerOptions.Activation} → 1, seed {options.Seed})");
        if (!options.Quiet) trainerOptions.Progress = new EpochPrinter(output, trainerOptions.NumberOfEpochs).Print;
        var warmUp = ml.BinaryClassification.Trainers.Backprop(ChurnPipeline.TrainerOptions(options.Seed, epochs: 2));
        var mlp = Benchmark.Run(ml, "BackpropTrainer (MLP)", ml.BinaryClassification.Trainers.Backprop(trainerOptions), warmUp, featurizedTrain, featurizedTest);
        var network = ((BackpropTransformer)mlp.Model).Model;
        output.WriteLine($"Stopped after epoch {network.History.Epochs.Count} ({network.History.StopReason}); kept the weights of epoch {network.History.BestEpoch}, " +
                         $"the best validation AUC. Fit time {mlp.FitTime.TotalSeconds:F2} s.");

        // 5. ML.NET's own trainers on the same featurized split.
        Banner.Section(output, "Comparison on the test split (same split, same features; ML.NET's evaluator)");
        var results = new List<ModelResult> { mlp };
        foreach (var (name, create) in Benchmark.Peers) results.Add(Benchmark.Run(ml, name, create(ml), create(ml), featurizedTrain, featurizedTest));
        var scorings = results.Select(r => ml.Data.CreateEnumerable<LabeledScore>(r.Model.Transform(featurizedTest), reuseRowObject: false).ToList()).ToList();
        var scored = scorings[0];
        var paired = scorings.Select(s => PairedLogLoss.Compare(s, scored)).ToList();
        var table = ComparisonTable(results, paired);
        table.Write(output);
        string best = results.MaxBy(r => r.Metrics.AreaUnderRocCurve)!.Name;
        output.WriteLine($"Highest test AUC: {best}. Log-loss − the MLP's: paired over the {scored.Count:N0} test customers, ± one standard error;");
        output.WriteLine("a difference within about two standard errors is one this test split cannot tell apart.");
        WriteCsv(Path.Combine(options.OutputDirectory, "comparison.csv"), results, paired);

        // 6. The MLP's confusion matrix at its default threshold, then a threshold chosen for recall.
        Banner.Section(output, "Confusion matrix of the MLP on the test split (threshold 0.5)");
        ConfusionReport.Write(output, scored);
        var threshold = ThresholdForRecall.Find([.. scored.Select(s => (s.Probability, s.Churned))], targetRecall: 0.80);
        Banner.Section(output, "Catch 80% of the churners: how many false alarms?");
        output.WriteLine($"Flag every customer with a churn probability ≥ {threshold.Threshold:F3}: {threshold.Flagged} of {scored.Count} test customers are flagged,");
        output.WriteLine($"catching {threshold.TruePositives} of {threshold.Positives} churners (recall {threshold.Recall:P1}) " +
                         $"at the cost of {threshold.FalsePositives} false alarms among {threshold.Negatives} loyal customers (precision {threshold.Precision:P1}).");

        // 7. What drives churn: the AUC lost when one feature's values are shuffled across customers.
        var pipeline = featurizer.Append((BackpropTransformer)mlp.Model);
        Banner.Section(output, "Top churn drivers (permutation feature importance of the MLP on the test split, 3 shuffles)");
        // A context of its own, so the shuffles depend on the seed only, not on how much randomness the trainers above used.
        var importance = new MLContext(seed: options.Seed).PermutationFeatureImportance(pipeline, test, ChurnPipeline.Label, permutationCount: 3);
        var drivers = new ConsoleTable("rank", "feature", "AUC drop", "± std. error");
        foreach (var (f, rank) in importance.Take(10).Select((f, i) => (f, i + 1)))
            drivers.Add(rank.ToString(CultureInfo.InvariantCulture), f.Name, f.Decrease.ToString("F4", CultureInfo.InvariantCulture), f.StandardError.ToString("F4", CultureInfo.InvariantCulture));
        drivers.Write(output);
        File.WriteAllLines(Path.Combine(options.OutputDirectory, "feature-importance.csv"),
            importance.Select(f => $"{f.Name},{f.Decrease.ToString("R", CultureInfo.InvariantCulture)},{f.StandardError.ToString("R", CultureInfo.InvariantCulture)}").Prepend("feature,auc_drop,std_error"));

        // 8. The training report: loss curves, the gradient flow per layer, gradient histograms, dead units and the
        //    automatic diagnosis, as PNG files and one self-contained HTML page.
        var metrics = new Dictionary<string, double>
        {
            ["Test AUC"] = mlp.Metrics.AreaUnderRocCurve, ["Test PR-AUC"] = mlp.Metrics.AreaUnderPrecisionRecallCurve, ["Test accuracy"] = mlp.Metrics.Accuracy,
            ["Test F1"] = mlp.Metrics.F1Score, ["Test log-loss"] = mlp.Metrics.LogLoss ?? double.NaN, ["Fit seconds"] = mlp.FitTime.TotalSeconds,
        };
        string report = HtmlReport.Write(Path.Combine(options.OutputDirectory, ReportFileName), network, trainerOptions, metrics, "Churn prediction: MLP training report");
        TrainingPlots.SaveAll(network.History, options.OutputDirectory, "mlp-");
        Banner.Section(output, "Training diagnosis");
        output.WriteLine(network.Diagnosis.ToString());
        output.WriteLine($"Report: {Path.GetFullPath(report)} (plots mlp-*.png beside it).");

        // 9. One file holds the whole pipeline, featurizer included; reloaded, it must score bit for bit the same.
        string modelPath = Path.Combine(options.OutputDirectory, ModelFileName);
        ml.Model.SaveBackprop(pipeline, train.Schema, modelPath);
        var reloaded = ml.Model.LoadBackprop(modelPath, out _);
        Banner.Section(output, $"Saved to {modelPath}; reloaded and scored again");
        var before = ml.Data.CreateEnumerable<ScoredCustomer>(pipeline.Transform(test), reuseRowObject: false).ToList();
        var after = ml.Data.CreateEnumerable<ScoredCustomer>(reloaded.Transform(test), reuseRowObject: false).ToList();
        int identical = before.Zip(after).Count(p => BitConverter.SingleToInt32Bits(p.First.Probability) == BitConverter.SingleToInt32Bits(p.Second.Probability));
        // The one-hot encoder replaces the text columns in place, so the readable values come from the raw test rows.
        var customers = ml.Data.CreateEnumerable<ExampleCustomer>(test, reuseRowObject: false).Take(5).ToList();
        var examples = new ConsoleTable("customerID", "contract", "tenure", "churned", "probability", "reloaded");
        foreach (var (c, i) in customers.Select((c, i) => (c, i)))
            examples.Add(c.CustomerId, c.Contract, c.Tenure.ToString(CultureInfo.InvariantCulture), c.Churn,
                before[i].Probability.ToString("F6", CultureInfo.InvariantCulture), after[i].Probability.ToString("F6", CultureInfo.InvariantCulture));
        examples.Write(output);
        output.WriteLine($"Reloaded model: {identical} of {before.Count} test probabilities bit-identical to the original.");
        if (identical != before.Count)
        {
            error.WriteLine("error: the reloaded model does not reproduce the original scores.");
            return ChurnApp.DataError;
        }

        // 10. The same pipeline in ML.NET's own format, with the recall-oriented threshold, for samples/ChurnService.
        string servingModel = ServingExport.Save(ml, pipeline, train.Schema, threshold.Threshold, options.OutputDirectory, train);
        output.WriteLine($"For serving (samples/ChurnService): {servingModel}, ML.NET's own format, decision threshold {threshold.Threshold.ToString("F3", CultureInfo.InvariantCulture)}.");

        Banner.Section(output, "Summary");
        if (source.IsSynthetic) Banner.SyntheticWarning(output);
        output.WriteLine($"{AucLinePrefix}{mlp.Metrics.AreaUnderRocCurve.ToString("F4", CultureInfo.InvariantCulture)} " +
                         $"(seed {options.Seed}, {(source.IsSynthetic ? "SYNTHETIC data" : "IBM Telco data")}, fit {mlp.FitTime.TotalSeconds:F2} s)");
        output.WriteLine($"Model, report, comparison.csv and feature-importance.csv are in {Path.GetFullPath(options.OutputDirectory)}.");
        return ChurnApp.Success;
    }

    private static ConsoleTable ComparisonTable(IReadOnlyList<ModelResult> results, IReadOnlyList<PairedLogLoss> paired)
    {
        var table = new ConsoleTable("model", "AUC", "PR-AUC", "accuracy", "F1", "log-loss", "log-loss − MLP's", "fit time");
        for (int i = 0; i < results.Count; i++)
        {
            var r = results[i];
            string difference = i == 0 ? "—"
                : $"{paired[i].Difference.ToString("+0.0000;−0.0000", CultureInfo.InvariantCulture)} ± {paired[i].StandardError.ToString("F4", CultureInfo.InvariantCulture)}";
            table.Add(r.Name, F(r.Metrics.AreaUnderRocCurve), F(r.Metrics.AreaUnderPrecisionRecallCurve), F(r.Metrics.Accuracy), F(r.Metrics.F1Score), F(r.Metrics.LogLoss),
                difference, $"{r.FitTime.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture)} s");
        }
        return table;
    }

    private static string F(double value) => value.ToString("F4", CultureInfo.InvariantCulture);

    /// <summary>A log-loss; "–" for a trainer without probabilities (every trainer here has them).</summary>
    private static string F(double? value) => value is double v ? F(v) : "–";

    private static void WriteCsv(string path, IReadOnlyList<ModelResult> results, IReadOnlyList<PairedLogLoss> paired)
    {
        var csv = new StringBuilder("model,auc,pr_auc,accuracy,f1,log_loss,fit_seconds,log_loss_minus_mlp,log_loss_minus_mlp_se\n");
        for (int i = 0; i < results.Count; i++)
        {
            var (r, p) = (results[i], paired[i]);
            csv.Append(CultureInfo.InvariantCulture, $"{r.Name},{r.Metrics.AreaUnderRocCurve:R},{r.Metrics.AreaUnderPrecisionRecallCurve:R},{r.Metrics.Accuracy:R},{r.Metrics.F1Score:R},{r.Metrics.LogLoss:R},{r.FitTime.TotalSeconds:R},{p.Difference:R},{p.StandardError:R}\n");
        }
        File.WriteAllText(path, csv.ToString());
    }
}
