using Microsoft.ML;
using MLNet.Backprop.Experiments;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Reports.BrowserTests;

/// <summary>
/// The reports under test, from real trainings: on the Telco churn data, the run report of the library's default model
/// (an ensemble of 4 with automatic epochs and early stopping on the AUC) and the report of a sweep of a deep network
/// (learning rate × activation, so that some runs get findings); on generated ids, the report of a model with two
/// embedding tables. Written once into artifacts/browser, where the tests' screenshots and PDF go too (CI keeps the
/// folder).
/// </summary>
public sealed class ReportFiles
{
    public ReportFiles()
    {
        if (Telco.Directory is null) throw new InvalidOperationException(Telco.SkipReason);
        Directory.CreateDirectory(Artifacts);
        var ml = new MLContext(0);
        var (trainRaw, testRaw) = Telco.Load(ml);
        var featurizer = Telco.Featurizer(ml).Fit(trainRaw);
        var (train, test) = (featurizer.Transform(trainRaw), featurizer.Transform(testRaw));

        Options = new BackpropTrainer.Options { HiddenLayers = [64], EarlyStoppingMetric = EarlyStoppingMetric.Auc, Seed = 0 };
        var model = ml.BinaryClassification.Trainers.Backprop(Options).Fit(train);
        var metrics = ml.BinaryClassification.Evaluate(model.Transform(test));
        Model = model.Model;
        Run = HtmlReport.Write(System.IO.Path.Combine(Artifacts, "report.html"), Model, Options, new Dictionary<string, double>
        {
            ["test AUC"] = metrics.AreaUnderRocCurve, ["test accuracy"] = metrics.Accuracy, ["test log-loss"] = metrics.LogLoss,
        }, "Telco churn: the default MLP");

        Sweep = new ExperimentSweep(new BackpropTrainer.Options { HiddenLayers = [32, 32, 32, 32, 32], NumberOfEpochs = 8, Seed = 0, EnsembleSize = 1 })
            .WithLearningRates(0.1f, 0.001f)
            .WithActivations(Activation.ReLU, Activation.Sigmoid)
            .Run(ml, train, test);
        SweepReport = HtmlReport.WriteSweep(System.IO.Path.Combine(Artifacts, "sweep.html"), Sweep, "Telco churn: learning rate × activation, 5 layers");

        // Generated ids: 60 users (more than the projection names) and 10 items, looked up in embedding tables.
        var keyed = KeyedRows.Mapped(ml, KeyedRows.Make(2000, 1, users: 60));
        var keyedOptions = KeyedRows.Options(["UserKey", "ItemKey"], epochs: 6);
        EmbeddingModel = KeyedRows.Train(ml, keyed, keyedOptions);
        EmbeddingReport = HtmlReport.Write(System.IO.Path.Combine(Artifacts, "embeddings.html"), EmbeddingModel, keyedOptions, null,
            "Generated ids: user and item embeddings");
    }

    /// <summary>The model of the embedding report (categorical columns UserKey and ItemKey).</summary>
    public BackpropModel EmbeddingModel { get; }

    public string EmbeddingReport { get; }

    /// <summary>artifacts/browser at the repository's root.</summary>
    public static string Artifacts { get; } = System.IO.Path.Combine(RepositoryRoot(), "artifacts", "browser");

    public BackpropTrainer.Options Options { get; }

    public BackpropModel Model { get; }

    public string Run { get; }

    public SweepResult Sweep { get; }

    public string SweepReport { get; }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "MLNet.Backprop.sln"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }
}
