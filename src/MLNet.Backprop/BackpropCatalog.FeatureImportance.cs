using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Backprop;

// Permutation feature importance for a whole fitted pipeline: ML.NET's ITransformer overloads of PFI look for an
// internal interface and reject third-party models, so this featurizes the data with the transformers before the MLP,
// calls ML.NET's generic PFI on the MLP and names the slots.
public static partial class BackpropCatalog
{
    /// <summary>Computes the importance of each feature slot, most important first.</summary>
    /// <param name="ml">The context.</param>
    /// <param name="model">A fitted pipeline containing a BackpropTransformer (the last one is explained).</param>
    /// <param name="data">Raw data, as the pipeline's first transformer expects it; must contain the label column.</param>
    /// <param name="labelColumnName">The label column as seen by the MLP. Default "Label".</param>
    /// <param name="permutationCount">Shuffles per slot; at least 1. Default 1.</param>
    /// <exception cref="ArgumentException">The pipeline has no BackpropTransformer.</exception>
    public static IReadOnlyList<FeatureImportance> PermutationFeatureImportance(this MLContext ml, ITransformer model, IDataView data,
        string labelColumnName = "Label", int permutationCount = 1)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        if (permutationCount < 1) throw new ArgumentOutOfRangeException(nameof(permutationCount), permutationCount, "permutationCount must be at least 1.");

        var chain = Flatten(model).ToList();
        int at = chain.FindLastIndex(t => t is BackpropTransformer);
        if (at < 0) throw new ArgumentException("The model contains no BackpropTransformer to explain.", nameof(model));
        var mlp = (BackpropTransformer)chain[at];
        var featurized = chain.Take(at).Aggregate(data, (d, t) => t.Transform(d));

        IReadOnlyList<(double Mean, double Error)> decreases;
        string metric;
        switch (mlp.Model.Task)
        {
            case BackpropTask.BinaryClassification:
                metric = "AUC";
                decreases = ml.BinaryClassification.PermutationFeatureImportance(mlp, featurized, labelColumnName, permutationCount: permutationCount)
                    .Select(s => (-s.AreaUnderRocCurve.Mean, s.AreaUnderRocCurve.StandardError)).ToList();
                break;
            case BackpropTask.MulticlassClassification:
                metric = "MacroAccuracy";
                decreases = ml.MulticlassClassification.PermutationFeatureImportance(mlp, featurized, labelColumnName, permutationCount: permutationCount)
                    .Select(s => (-s.MacroAccuracy.Mean, s.MacroAccuracy.StandardError)).ToList();
                break;
            default:
                metric = "RSquared";
                decreases = ml.Regression.PermutationFeatureImportance(mlp, featurized, labelColumnName, permutationCount: permutationCount)
                    .Select(s => (-s.RSquared.Mean, s.RSquared.StandardError)).ToList();
                break;
        }

        var names = SlotNames(featurized.Schema[mlp.FeatureColumnName], decreases.Count);
        return decreases.Select((d, i) => new FeatureImportance(i, names[i], metric, d.Mean, d.Error))
            .OrderByDescending(f => f.Decrease).ToList();
    }

    private static IEnumerable<ITransformer> Flatten(ITransformer model) =>
        model is IEnumerable<ITransformer> chain ? chain.SelectMany(Flatten) : [model];

    private static string[] SlotNames(DataViewSchema.Column column, int count)
    {
        var names = Enumerable.Range(0, count).Select(i => $"Slot{i}").ToArray();
        if (column.Annotations.Schema.GetColumnOrNull("SlotNames") is null) return names;
        VBuffer<ReadOnlyMemory<char>> slotNames = default;
        column.Annotations.GetValue("SlotNames", ref slotNames);
        int i = 0;
        foreach (var name in slotNames.DenseValues())
        {
            if (i >= count) break;
            if (!name.IsEmpty) names[i] = name.ToString();
            i++;
        }
        return names;
    }
}
