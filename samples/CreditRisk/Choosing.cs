using Microsoft.ML;
using MLNet.Backprop;

namespace CreditRisk;

/// <summary>How the sample's MLP configuration is chosen: candidate settings of the embeddings MLP, each
/// cross-validated with a fold seed other than the one the sample reports (so the reported folds choose nothing),
/// beside L-BFGS on the same folds. The winner is the highest pooled out-of-fold PR-AUC.</summary>
public static class Choosing
{
    /// <summary>The fold seed of the choice when none is given; the sample reports seed 0.</summary>
    public const int DefaultSeed = 1;

    /// <summary>The candidates: a name and the change to the library's defaults (embeddings always on). The data is
    /// 9,857 loans with 517 bad, and L-BFGS, a linear model, ranks them at least as well as the default MLP (pooled
    /// PR-AUC on fold seed 1: 0.1363 against 0.1326 when the candidates were chosen, 2026-12-05; 0.1368 against 0.1216
    /// with today's defaults, `--choose`, 2026-12-06, commit 9c9576a): the candidates regularise (L2, dropout, narrower
    /// tables or layers, more networks averaged) rather than add capacity.</summary>
    public static IReadOnlyList<(string Name, Action<BackpropTrainer.Options> Apply)> Candidates { get; } =
    [
        ("defaults", _ => { }),
        ("L2 1e-3", o => o.L2Regularization = 1e-3f),
        ("L2 1e-2", o => o.L2Regularization = 1e-2f),
        ("L2 1e-3 on every table row", o => { o.L2Regularization = 1e-3f; o.SparseUpdates = SparseUpdates.EveryRow; }),
        ("dropout 0.3", o => o.Dropout = 0.3f),
        ("tables ×0.25", o => o.EmbeddingWidthScale = 0.25f),
        ("hidden [16]", o => o.HiddenLayers = [16]),
        ("8 networks", o => o.EnsembleSize = 8),
        ("early stopping on AUC", o => o.EarlyStoppingMetric = EarlyStoppingMetric.Auc),
        // Second round: the best of the first (narrower tables) combined with the other regularisers that helped.
        ("tables ×0.5", o => o.EmbeddingWidthScale = 0.5f),
        ("tables ×0.25, L2 1e-3", o => { o.EmbeddingWidthScale = 0.25f; o.L2Regularization = 1e-3f; }),
        ("tables ×0.25, L2 1e-3 on every table row", o => { o.EmbeddingWidthScale = 0.25f; o.L2Regularization = 1e-3f; o.SparseUpdates = SparseUpdates.EveryRow; }),
        ("tables ×0.25, 8 networks", o => { o.EmbeddingWidthScale = 0.25f; o.EnsembleSize = 8; }),
        // Not a contender on PR-AUC when the settings were chosen (with the stage of then, NumericEncoding = None,
        // weighting lowered it in every measurement: on fold seed 1 balanced 0.1231, square-root 0.1387, unweighted
        // 0.1422); under today's default square-root weights rank a little better than the unweighted settings (0.1306
        // against 0.1286 over fold seeds 0-4, higher on 4; `--choose --seed N`, 2026-12-06, commit 9c9576a), both below
        // L-BFGS's 0.1350. Here: how good the probabilities of the chosen settings are with class weighting on, once
        // Calibration = Auto has rescaled them (Platt on the hold-out).
        ("tables ×0.25, 8 networks, balanced weights", o => { o.EmbeddingWidthScale = 0.25f; o.EnsembleSize = 8; o.ClassWeighting = ClassWeighting.Balanced; }),
        // The milder weighting: the square root of Balanced's weights (a bad loan weighs about 4.3× a good one, not 18×).
        ("tables ×0.25, 8 networks, square-root weights", o => { o.EmbeddingWidthScale = 0.25f; o.EnsembleSize = 8; o.ClassWeighting = ClassWeighting.SquareRoot; }),
        // The isotonic calibration on the 8 networks' pooled hold-outs (about 6,300 rows), unweighted and square-root
        // weighted: measured for the probabilities, like the weighted rows above.
        ("tables ×0.25, 8 networks, isotonic", o => { o.EmbeddingWidthScale = 0.25f; o.EnsembleSize = 8; o.Calibration = ProbabilityCalibration.Isotonic; }),
        ("tables ×0.25, 8 networks, square-root weights, isotonic", o =>
        {
            o.EmbeddingWidthScale = 0.25f; o.EnsembleSize = 8; o.ClassWeighting = ClassWeighting.SquareRoot; o.Calibration = ProbabilityCalibration.Isotonic;
        }),
        // RealMLP's input stage (periodic encoding of the numeric columns, robust scaling with a smooth clip, learned
        // feature scales), the library's dense default between issue 25 and session 35: the chosen settings and the weighted
        // ones under it.
        ("RealMLP inputs", RealMlpInputs),
        ("tables ×0.25, RealMLP inputs", o => { o.EmbeddingWidthScale = 0.25f; RealMlpInputs(o); }),
        ("tables ×0.25, 8 networks, RealMLP inputs", o => { o.EmbeddingWidthScale = 0.25f; o.EnsembleSize = 8; RealMlpInputs(o); }),
        ("tables ×0.25, 8 networks, square-root weights, RealMLP inputs", o =>
        {
            o.EmbeddingWidthScale = 0.25f; o.EnsembleSize = 8; o.ClassWeighting = ClassWeighting.SquareRoot; RealMlpInputs(o);
        }),
        ("tables ×0.25, 8 networks, balanced weights, RealMLP inputs", o =>
        {
            o.EmbeddingWidthScale = 0.25f; o.EnsembleSize = 8; o.ClassWeighting = ClassWeighting.Balanced; RealMlpInputs(o);
        }),
    ];

    /// <summary>RealMLP's input stage spelled out (periodic encoding, robust smooth-clip scaling, learned feature scales),
    /// so the candidates measure it whatever the library's defaults are.</summary>
    private static void RealMlpInputs(BackpropTrainer.Options o)
    {
        o.NumericEncoding = NumericEncoding.Periodic;
        o.NumericScaling = NumericScaling.RobustSmoothClip;
        o.LearnFeatureScales = true;
    }

    /// <summary>The sample's settings: the highest PR-AUC of <c>--choose</c> (fold seed 1) when they were chosen, with the
    /// defaults' input stage of then (2026-12-05, NumericEncoding = None): tables a quarter of the automatic width and 8
    /// networks averaged, 0.1422 against L-BFGS's 0.1363 on those folds, probabilities as trained (see the README); with
    /// the Platt map Calibration = Auto has fitted on unweighted models since session 36, 0.1392 against 0.1368
    /// (`--seed 1`, 2026-12-06, commit 9c9576a). The input stage is spelled out (no numeric encoding, standard scaling, no
    /// learned scales) because the later default stages, measured as candidates, rank the loans worse: RealMLP's
    /// ("tables ×0.25, 8 networks, RealMLP inputs") 0.1305 against L-BFGS's 0.1350 over fold seeds 0–4, below it on 4,
    /// and today's ("tables ×0.25, 8 networks") 0.1286, below it on all 5 (`--choose --seed N`, 2026-12-06, commit
    /// 9c9576a), while these settings give 0.1376, above it on all 5 (`--seed N`). So the settings keep the stage they
    /// were chosen with whatever the library's defaults become; run today, <c>--choose</c>'s candidates train today's
    /// default, and its highest on fold seed 1, "early stopping on AUC" with 0.1304, is below L-BFGS's 0.1368.</summary>
    public static Action<BackpropTrainer.Options> Chosen { get; } = o =>
    {
        o.EmbeddingWidthScale = 0.25f;
        o.EnsembleSize = 8;
        o.NumericEncoding = NumericEncoding.None;
        o.NumericScaling = NumericScaling.Standard;
        o.LearnFeatureScales = false;
    };

    /// <summary>The embeddings MLP with one candidate's settings.</summary>
    public static IEstimator<ITransformer> Build(MLContext ml, int seed, Action<BackpropTrainer.Options> apply)
    {
        var options = new BackpropTrainer.Options { Seed = seed, CategoricalColumnNames = [.. Loan.TextColumns.Select(c => c + "Key")] };
        apply(options);
        return Pipelines.Keys(ml).Append(ml.BinaryClassification.Trainers.Backprop(options));
    }

    public static IReadOnlyList<TrainerResult> Run(string path, TextWriter output, int? rows, int folds, int seed, IReadOnlyCollection<string>? only = null)
    {
        var ml = new MLContext(seed);
        var loans = LoanData.Load(path, rows);
        var fold = CrossValidation.StratifiedFolds(loans, folds, seed);
        output.WriteLine($"Choosing the MLP (embeddings): {loans.Count:N0} loans, stratified {folds}-fold cross-validation, fold seed {seed}.");
        output.WriteLine();
        output.WriteLine("| candidate | PR-AUC | ROC-AUC | log-loss | ECE | fit s (all folds) |");
        output.WriteLine("|---|---|---|---|---|---|");
        var results = new List<TrainerResult>();
        foreach (var (name, apply) in Candidates.Where(c => only is null || only.Contains(c.Name)))
            results.Add(Print(output, CrossValidation.Run(ml, name, Build(ml, seed, apply), loans, fold)));
        var reference = Pipelines.All.Single(p => p.Name == "LbfgsLogisticRegression");
        Print(output, CrossValidation.Run(ml, "(reference) " + reference.Name, reference.Build(ml, seed), loans, fold));
        var best = results.MaxBy(r => r.PrAuc)!;
        output.WriteLine();
        output.WriteLine($"Highest PR-AUC: {best.Name} ({best.PrAuc:F4}).");
        return results;
    }

    private static TrainerResult Print(TextWriter output, TrainerResult r)
    {
        output.WriteLine($"| {r.Name} | {r.PrAuc:F4} | {r.RocAuc:F4} | {r.LogLoss:F4} | {r.Ece:F4} | {r.FitSeconds:F1} |");
        return r;
    }
}
