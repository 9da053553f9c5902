using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop;
using MLNet.Backprop.Experiments;
using MLNet.Backprop.Quality.CrossValidation;
using MLNet.Backprop.Quality.DataSets;
using MLNet.Backprop.Quality.Featurization;

// What helps rare classes: the MLP with no remedy, balanced class weights, focal loss and balanced mini-batches, on the
// imbalanced binary sets, k-fold stratified CV (the quality tool's folds and featurizer), with L-BFGS as the reference.
//   dotnet run -c Release --project tests/MLNet.Backprop.RareEvents [-- --quick]
// --quick: lending_club only, 2 folds of 5.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
bool quick = args.Contains("--quick");
string[] sets = quick ? [DataSetCatalog.LendingClub] : [DataSetCatalog.LendingClub, "credit", "mlc_churn"];
int folds = 5, foldsRun = quick ? 2 : 5;

var variants = new (string Name, Func<MLContext, IEstimator<ITransformer>> Trainer)[]
{
    ("mlp none", ml => ml.BinaryClassification.Trainers.Backprop(new BackpropTrainer.Options { Seed = 1 })),
    ("mlp balanced weights", ml => ml.BinaryClassification.Trainers.Backprop(new BackpropTrainer.Options { Seed = 1, ClassWeighting = ClassWeighting.Balanced })),
    ("mlp focal γ=0.5", ml => ml.BinaryClassification.Trainers.Backprop(new BackpropTrainer.Options { Seed = 1, Loss = LossFunction.BinaryFocal, FocalGamma = 0.5f })),
    ("mlp focal γ=2", ml => ml.BinaryClassification.Trainers.Backprop(new BackpropTrainer.Options { Seed = 1, Loss = LossFunction.BinaryFocal })),
    ("mlp balanced batches", ml => ml.BinaryClassification.Trainers.Backprop(new BackpropTrainer.Options { Seed = 1, BalancedSampling = true })),
    ("lbfgs (reference)", ml => ml.BinaryClassification.Trainers.LbfgsLogisticRegression()),
};

Console.WriteLine($"| set | trainer | PR-AUC | ROC-AUC | log-loss | fit s |");
Console.WriteLine("|---|---|---|---|---|---|");
foreach (var name in sets)
{
    var info = DataSetCatalog.Find(name) ?? throw new InvalidOperationException($"Unknown set {name}.");
    var directory = DataLocator.Find(null) ?? throw new DirectoryNotFoundException("shared/data/benchmarks not found above the working directory.");
    var ml = new MLContext(seed: 0);
    var table = CsvTable.Load(Path.Combine(directory, info.TrainFile));
    var layout = DataSetLayout.Infer(table, info);
    var loader = new DataSetLoader(ml, layout);
    var splits = SplitPlanner.Folds(ml, loader, layout, table, folds, seed: 0).Take(foldsRun).ToList();
    foreach (var (variant, trainer) in variants)
    {
        double prAuc = 0, rocAuc = 0, logLoss = 0, seconds = 0;
        foreach (var split in splits)
        {
            var featurizer = GenericFeaturizer.Build(ml, layout).Fit(split.Train);
            var train = ml.Data.Cache(featurizer.Transform(split.Train));
            var test = featurizer.Transform(split.Test);
            var clock = Stopwatch.StartNew();
            var model = trainer(ml).Fit(train);
            seconds += clock.Elapsed.TotalSeconds;
            // ML.NET's figures, but a log-loss that stays finite for a probability of exactly 0 or 1 (ML.NET's: ∞ for the
            // fold and the mean) and a PR-AUC of constant scores that is the bad share, not up to 1.
            var m = BinaryTestMetrics.Evaluate(ml, model.Transform(test));
            prAuc += m.AreaUnderPrecisionRecallCurve;
            rocAuc += m.AreaUnderRocCurve;
            logLoss += m.LogLoss ?? double.NaN; // every variant gives probabilities
        }
        int n = splits.Count;
        Console.WriteLine($"| {name} | {variant} | {prAuc / n:F3} | {rocAuc / n:F3} | {logLoss / n:F3} | {seconds / n:F1} |");
    }
}
Console.WriteLine($"({foldsRun} of {folds} stratified folds, seed 0; means over folds; fit seconds per fold, on this machine under its load.)");
