using Microsoft.ML;
using Recommendation;
using Recommendation.Data;
using Recommendation.Modeling;

// InstEval (ETH Zürich lecture evaluations): predict a student's rating of a lecturer, then recommend lecturers.
// Runs with no arguments: dotnet run --project samples/Recommendation -c Release [-- --data FOLDER] [--seed N]
//   --report PATH          where the MLP's HTML training report goes (default recommendation-output/report.html)
//   --choose [--folds K] [--grid lectures|narrower|optimizers|sgd|offerings|fast|faster|scalars|schedules|stopping|budget|final|memory|whole|defaults]   the cross-validation on the training split that chose the MLP's configuration
//   --choose --random-intercepts   the same folds for a reference mixed model (a bias per id, no ML.NET trainer)
//   --micro-batch          the keyed ids in the micro-batch mode (a cluster's) beside the in-memory loop
//   --id-optimizers [--optimizers Sgd,Momentum] [--rates 0.01,0.03] [--folds K]   Adam, AdamW, Momentum and Sgd (or those named; at the default rate or each named) with the id-like tables' prior and width and with SparseUpdates = Lazy (test split, or K-fold CV)
//   --micro-batch --defaults [--folds K]   the default options in the micro-batch mode beside in memory (test split, or K-fold CV)
//   --importance           permutation importance of the embedding model's inputs on the test split
string? folder = Option(args, "--data");
int seed = int.TryParse(Option(args, "--seed"), out int s) ? s : 0;
string data;
try
{
    data = InstEvalFiles.Locate(folder);
}
catch (Exception e) when (e is FileNotFoundException or InvalidDataException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

if (args.Contains("--choose"))
{
    var ml = new MLContext(seed);
    var (train, _) = InstEvalFiles.Load(ml, data);
    int folds = int.TryParse(Option(args, "--folds"), out int k) ? k : 3;
    if (args.Contains("--random-intercepts"))
    {
        Console.WriteLine($"== {folds}-fold cross-validation of the random-intercepts reference on the training split ==");
        var grid2 = new[] { 13.0, 20 }.SelectMany(st => new[] { 5.0, 8 }.SelectMany(le => new[] { 0.0, 20 }.SelectMany(ls => new[] { 0.0, 10, 20 }.Select(lc => (st, le, ls, lc)))))
            .Where(g => g.ls > 0 || g.lc == 0).ToList();
        var references = ConfigurationSearch.RunRandomIntercepts(ml, train, grid2, folds, seed);
        Console.WriteLine(ConfigurationSearch.Table(references));
        return 0;
    }
    Console.WriteLine($"== {folds}-fold cross-validation of the MLP's configurations on the training split ==");
    if (Option(args, "--grid") == "defaults")
    {
        // The defaults on the ids as keys, with and without the id-like tables' prior, beside LightGbm on the same folds.
        var rules = DefaultRules.Run(ml, train, folds, seed, message => Console.Error.WriteLine(message));
        Console.WriteLine(DefaultRules.Table(rules));
        return 0;
    }
    if (Option(args, "--grid") == "whole")
    {
        // The ninth round: CV RMSE on the same folds, fit time on the whole training split (from memory, after a warm-up).
        var rows = ml.Data.LoadFromEnumerable(ml.Data.CreateEnumerable<Rating>(train, reuseRowObject: false).ToList());
        var whole = WholeSplitSearch.Run(ml, rows, WholeSplitSearch.Grid, folds, seed, message => Console.Error.WriteLine(message));
        Console.WriteLine(TimeBudgetSearch.Table(whole));
        var choice = TimeBudgetSearch.Choose(whole);
        Console.WriteLine(choice is null ? $"No configuration fits within {TimeBudgetSearch.Budget}× LightGbm's fit time on the whole training split."
            : $"Best within {TimeBudgetSearch.Budget}× LightGbm's fit time on the whole training split: {choice.Name} (CV RMSE {choice.MeanRmse:F4}).");
        return 0;
    }
    if (Option(args, "--grid") is "fast" or "faster" or "scalars" or "schedules" or "stopping" or "budget" or "final" or "memory")
    {
        bool memory = Option(args, "--grid") == "memory";
        // The eighth round reads the folds from memory, as the sample's comparison does.
        var rows = memory ? ml.Data.LoadFromEnumerable(ml.Data.CreateEnumerable<Rating>(train, reuseRowObject: false).ToList()) : train;
        var timed = TimeBudgetSearch.Run(ml, rows, Option(args, "--grid") switch { "fast" => TimeBudgetSearch.Grid, "faster" => TimeBudgetSearch.Faster, "scalars" => TimeBudgetSearch.Scalars, "schedules" => TimeBudgetSearch.Schedules, "stopping" => TimeBudgetSearch.Stopping, "budget" => TimeBudgetSearch.Budget6, "final" => TimeBudgetSearch.Final, _ => TimeBudgetSearch.Memory }, folds, seed, message => Console.Error.WriteLine(message));
        Console.WriteLine(TimeBudgetSearch.Table(timed));
        double budget = memory ? TimeBudgetSearch.FoldBudget : TimeBudgetSearch.Budget;
        var chosen = TimeBudgetSearch.Choose(timed, budget);
        Console.WriteLine(chosen is null ? $"No configuration fits within {budget}× LightGbm's fit time."
            : $"Best within {budget}× LightGbm's fit time: {chosen.Name} (CV RMSE {chosen.MeanRmse:F4}).");
        return 0;
    }
    var grid = Option(args, "--grid") switch
    {
        "lectures" => ConfigurationSearch.Lectures,
        "narrower" => ConfigurationSearch.Narrower,
        "optimizers" => ConfigurationSearch.Optimizers,
        "sgd" => ConfigurationSearch.Sgd,
        "offerings" => ConfigurationSearch.Offerings,
        _ => ConfigurationSearch.Grid,
    };
    var scores = ConfigurationSearch.Run(ml, train, grid, folds, seed, message => Console.Error.WriteLine(message));
    Console.WriteLine(ConfigurationSearch.Table(scores));
    return 0;
}

if (args.Contains("--micro-batch"))
{
    var ml = new MLContext(seed);
    var (train, test) = InstEvalFiles.Load(ml, data);
    if (args.Contains("--defaults"))
    {
        // The defaults moved to the micro-batch mode (a cluster's), on the fixed split or, with --folds K, in CV on the training split.
        if (int.TryParse(Option(args, "--folds"), out int cvFolds))
        {
            Console.WriteLine($"== The defaults in memory and in the micro-batch mode, {cvFolds}-fold cross-validation on the training split ==");
            Console.WriteLine(MicroBatchDefaults.Table(MicroBatchDefaults.CrossValidate(ml, train, cvFolds, seed, message => Console.Error.WriteLine(message))));
            return 0;
        }
        Console.WriteLine("== The defaults in memory and in the micro-batch mode (test split) ==");
        Console.Write(MicroBatchDefaults.Table(MicroBatchDefaults.Run(ml, train, test, seed, message => Console.Error.WriteLine(message))));
        return 0;
    }
    Console.WriteLine("== The micro-batch mode with embedding tables (one network, 10 epochs) ==");
    Console.Write(MicroBatchCheck.Table(MicroBatchCheck.Run(ml, train, test, seed)));
    return 0;
}

if (args.Contains("--id-optimizers"))
{
    var ml = new MLContext(seed);
    var (train, test) = InstEvalFiles.Load(ml, data);
    var runs = OptimizerDefaults.Runs(Option(args, "--optimizers")?.Split(',').Select(Enum.Parse<MLNet.Backprop.OptimizerKind>).ToArray() ?? OptimizerDefaults.Optimizers,
        Option(args, "--rates")?.Split(',').Select(r => float.Parse(r, System.Globalization.CultureInfo.InvariantCulture)).ToArray() ?? []);
    if (int.TryParse(Option(args, "--folds"), out int cvFolds))
    {
        Console.WriteLine($"== Each optimizer with the id-like tables' prior and width (automatic) and with SparseUpdates = Lazy, {cvFolds}-fold cross-validation on the training split ==");
        Console.WriteLine(OptimizerDefaults.Table(OptimizerDefaults.CrossValidate(ml, train, cvFolds, seed, runs, message => Console.Error.WriteLine(message))));
        return 0;
    }
    Console.WriteLine("== Each optimizer with the id-like tables' prior and width (automatic) and with SparseUpdates = Lazy (test split) ==");
    Console.Write(MicroBatchDefaults.Table(OptimizerDefaults.Run(ml, train, test, seed, runs, message => Console.Error.WriteLine(message))));
    return 0;
}

if (args.Contains("--importance"))
{
    var ml = new MLContext(seed);
    var (train, test) = InstEvalFiles.Load(ml, data);
    Console.WriteLine("== Permutation importance of the MLP with embeddings (test split, 3 permutations) ==");
    Console.Write(Importance.Table(Importance.Run(ml, train, test, seed)));
    return 0;
}

SampleRun.Run(data, seed, Console.Out, message => Console.Error.WriteLine(message),
    reportPath: Option(args, "--report") ?? Path.Combine("recommendation-output", "report.html"));
return 0;

static string? Option(string[] args, string name)
{
    int at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}
