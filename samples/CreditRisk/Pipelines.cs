using Microsoft.ML;
using MLNet.Backprop;

namespace CreditRisk;

/// <summary>The pipelines compared: what a user writes for each trainer.</summary>
public static class Pipelines
{
    /// <summary>Text columns one-hot, numbers standardised, all in one Features vector (every trainer can read it).</summary>
    public static IEstimator<ITransformer> OneHot(MLContext ml) =>
        ml.Transforms.Categorical.OneHotEncoding([.. Loan.TextColumns.Select(c => new InputOutputColumnPair(c + "OneHot", c))])
            .Append(ml.Transforms.NormalizeMeanVariance("Numbers"))
            .Append(ml.Transforms.Concatenate("Features", ["Numbers", .. Loan.TextColumns.Select(c => c + "OneHot")]));

    /// <summary>Text columns as keys for the MLP's embedding tables; the numbers are the features.</summary>
    public static IEstimator<ITransformer> Keys(MLContext ml) =>
        ml.Transforms.Conversion.MapValueToKey([.. Loan.TextColumns.Select(c => new InputOutputColumnPair(c + "Key", c))])
            .Append(ml.Transforms.NormalizeMeanVariance("Features", "Numbers"));

    /// <summary>Every trainer of the comparison by name, each with its featurizer. The first is the sample's model: the
    /// embeddings rank these loans at least as well as one-hot (docs: src/docs/articles/embeddings.md, "Embeddings or
    /// one-hot for text columns?": the quality tool's lending_club AUC favours them on each of its fold seeds 0–2; this
    /// sample's pooled PR-AUC with the library's defaults, "MLP (embeddings, defaults)" against "MLP (one-hot)", on 4 of fold seeds 0–4, 0.1271 against
    /// 0.1246 on average: `--seed N`, 2026-12-06, commit 9c9576a), and its settings are <see cref="Choosing"/>'s
    /// winner, chosen on folds of another seed than the reported ones.</summary>
    public static IReadOnlyList<(string Name, Func<MLContext, int, IEstimator<ITransformer>> Build)> All { get; } =
    [
        ("MLP (embeddings)", (ml, seed) => Choosing.Build(ml, seed, Choosing.Chosen)),
        ("MLP (embeddings, defaults)", (ml, seed) => Choosing.Build(ml, seed, _ => { })),
        ("MLP (one-hot)", (ml, seed) => OneHot(ml).Append(ml.BinaryClassification.Trainers.Backprop(new BackpropTrainer.Options { Seed = seed }))),
        ("LbfgsLogisticRegression", (ml, _) => OneHot(ml).Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression())),
        ("SdcaLogisticRegression", (ml, _) => OneHot(ml).Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression())),
        ("LightGbm", (ml, _) => OneHot(ml).Append(ml.BinaryClassification.Trainers.LightGbm())),
        ("FastTree", (ml, _) => OneHot(ml).Append(ml.BinaryClassification.Trainers.FastTree())),
    ];
}
