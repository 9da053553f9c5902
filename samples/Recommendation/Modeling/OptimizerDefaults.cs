using Microsoft.ML;
using MLNet.Backprop;

namespace Recommendation.Modeling;

/// <summary>
/// `--id-optimizers [--folds K]`: whether the id-like tables' prior and narrower width (chosen with Adam) also suit the
/// other optimizers: each optimizer at the default rate with the automatic <c>SparseUpdates</c> (prior + narrower width)
/// and with <c>SparseUpdates = Lazy</c> (the earlier default: lazy steps, the rule's widths), the student, lecturer and
/// department keys named, on the fixed test split or cross-validated on the training split (same folds, so pairs).
/// </summary>
public static class OptimizerDefaults
{
    /// <summary>The optimizers compared: the default (Adam), AdamW and the two fixed-step ones.</summary>
    public static IReadOnlyList<OptimizerKind> Optimizers { get; } = [OptimizerKind.Adam, OptimizerKind.AdamW, OptimizerKind.Momentum, OptimizerKind.Sgd];

    /// <summary>Each optimizer automatic, then with <c>SparseUpdates = Lazy</c>; at the default rate, or at each of
    /// <paramref name="rates"/>.</summary>
    public static IReadOnlyList<DefaultRules.Rule> Runs(IReadOnlyList<OptimizerKind> optimizers, IReadOnlyList<float> rates) =>
    [
        .. optimizers.SelectMany(kind => (rates.Count == 0 ? [(float?)null] : rates.Select(r => (float?)r)).SelectMany(rate => new DefaultRules.Rule[]
        {
            new($"{Label(kind, rate)}, automatic", o => Set(o, kind, rate, null)),
            new($"{Label(kind, rate)}, SparseUpdates = Lazy", o => Set(o, kind, rate, SparseUpdates.Lazy)),
        })),
    ];

    private static string Label(OptimizerKind kind, float? rate) => rate is float r ? $"{kind} {r:G3}" : kind.ToString();

    private static void Set(BackpropTrainer.Options options, OptimizerKind kind, float? rate, SparseUpdates? updates)
    {
        options.Optimizer = kind;
        if (rate is float r) options.LearningRate = r;
        options.SparseUpdates = updates;
    }

    /// <summary>Every run trained on <paramref name="train"/> (read into memory once) and scored on <paramref name="test"/>.</summary>
    public static IReadOnlyList<MicroBatchDefaults.Result> Run(MLContext ml, IDataView train, IDataView test, int seed, IReadOnlyList<DefaultRules.Rule> runs,
        Action<string>? progress = null)
    {
        var rows = ml.Data.LoadFromEnumerable(ml.Data.CreateEnumerable<Data.Rating>(train, reuseRowObject: false).ToList());
        return [.. runs.Select(run => MicroBatchDefaults.Timed(ml, run.Name, () => DefaultRules.KeyedPipeline(ml, run, seed).Fit(rows), test, progress))];
    }

    /// <summary>Every run cross-validated on <paramref name="train"/>, on the same folds.</summary>
    public static IReadOnlyList<DefaultRules.FoldScores> CrossValidate(MLContext ml, IDataView train, int folds, int seed, IReadOnlyList<DefaultRules.Rule> runs,
        Action<string>? progress = null) =>
        DefaultRules.CrossValidate(ml, train, runs, folds, seed, progress);

    /// <summary>Mean ± standard error per run, and each Lazy run's paired difference from its optimizer's automatic run.</summary>
    public static string Table(IReadOnlyList<DefaultRules.FoldScores> scores) =>
        DefaultRules.Table(scores, s => s.Name[..s.Name.IndexOf(',')] + ", automatic");
}
