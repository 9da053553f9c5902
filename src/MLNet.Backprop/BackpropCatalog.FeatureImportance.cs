using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Backprop;

// Permutation feature importance for a whole fitted pipeline: ML.NET's ITransformer overloads of PFI look for an
// internal interface and reject third-party models, so this featurizes the data with the transformers before the MLP,
// calls ML.NET's generic PFI on the MLP and names the slots. ML.NET permutes slots of the feature vector only: each
// categorical column is permuted here, as a whole key column, and scored with the same metric.
public static partial class BackpropCatalog
{
    /// <summary>Computes the importance of each feature slot and of each categorical column (its keys permuted across the
    /// rows; named by the column, <see cref="FeatureImportance.IsCategoricalColumn"/> set), most important first.</summary>
    /// <param name="ml">The context.</param>
    /// <param name="model">A fitted pipeline containing a BackpropTransformer (the last one is explained).</param>
    /// <param name="data">Raw data, as the pipeline's first transformer expects it; must contain the label column.</param>
    /// <param name="labelColumnName">The label column as seen by the MLP. Default "Label".</param>
    /// <param name="permutationCount">Shuffles per slot and per categorical column; at least 1. Default 1. The shuffles
    /// follow the context's seed.</param>
    /// <exception cref="ArgumentException">The pipeline has no BackpropTransformer, or the data has no labelled row, (binary)
    /// one class only or (regression) one label value, so that the metric is undefined.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="permutationCount"/> is less than 1, or the data has no
    /// column <paramref name="labelColumnName"/> (ParamName "label"; the model does not record its label's name: pass the one
    /// the trainer was fitted with).</exception>
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
        // The model does not record the name of the label it was fitted with, so the default "Label" is a guess that fails
        // for a trainer fitted with labelColumnName: "Sale_Price"; say which argument fixes it, not only what is missing.
        if (featurized.Schema.GetColumnOrNull(labelColumnName) is null)
            throw new ArgumentOutOfRangeException(Integration.Schema.ColumnRoles.Label,
                $"Could not find label column '{labelColumnName}' in the data for permutation feature importance (after the pipeline's " +
                $"steps before the trainer): pass labelColumnName, the label column the trainer was fitted with" +
                (labelColumnName == Defaults.LabelColumnName ? $" ('{Defaults.LabelColumnName}' is only the default)." : "."));
        // Before any permutation: ML.NET's PFI would fail inside its evaluator on rows that cannot give the metric.
        Integration.Data.MetricLabels.Verify(featurized, labelColumnName, mlp.Model.Task, "data", "permutation feature importance", nameof(data));

        IReadOnlyList<(double Mean, double Error)> decreases = [];
        string metric = MetricName(mlp.Model.Task);
        // A model of categorical columns alone has no feature vector for ML.NET's PFI to permute.
        if (mlp.Model.FeatureCount > 0)
        {
            switch (mlp.Model.Task)
            {
                case BackpropTask.BinaryClassification:
                    decreases = ml.BinaryClassification.PermutationFeatureImportance(mlp, featurized, labelColumnName, permutationCount: permutationCount)
                        .Select(s => (-s.AreaUnderRocCurve.Mean, s.AreaUnderRocCurve.StandardError)).ToList();
                    break;
                case BackpropTask.MulticlassClassification:
                    decreases = ml.MulticlassClassification.PermutationFeatureImportance(mlp, featurized, labelColumnName, permutationCount: permutationCount)
                        .Select(s => (-s.MacroAccuracy.Mean, s.MacroAccuracy.StandardError)).ToList();
                    break;
                default:
                    decreases = ml.Regression.PermutationFeatureImportance(mlp, featurized, labelColumnName, permutationCount: permutationCount)
                        .Select(s => (-s.RSquared.Mean, s.RSquared.StandardError)).ToList();
                    break;
            }
        }

        var names = decreases.Count == 0 ? [] : SlotNames(featurized.Schema[mlp.FeatureColumnName], decreases.Count);
        var slots = decreases.Select((d, i) => new FeatureImportance(i, names[i], metric, d.Mean, d.Error));
        var columns = CategoricalImportance(ml, mlp, featurized, labelColumnName, permutationCount, metric);
        return slots.Concat(columns).OrderByDescending(f => f.Decrease).ToList();
    }

    private static string MetricName(BackpropTask task) => task switch
    {
        BackpropTask.BinaryClassification => "AUC",
        BackpropTask.MulticlassClassification => "MacroAccuracy",
        _ => "RSquared",
    };

    /// <summary>Each categorical column's importance: the metric on the featurized rows minus the metric with the column's
    /// keys shuffled across the rows, averaged over the permutations (standard error as ML.NET reports it).</summary>
    private static IEnumerable<FeatureImportance> CategoricalImportance(MLContext ml, BackpropTransformer mlp, IDataView featurized, string label,
        int permutations, string metric)
    {
        if (mlp.Model.CategoricalColumnNames.Count == 0) yield break;
        var random = ((Microsoft.ML.Runtime.IHostEnvironment)ml).Register("CategoricalImportance").Rand;
        double Score(IDataView data)
        {
            var scored = mlp.Transform(data);
            return mlp.Model.Task switch
            {
                BackpropTask.BinaryClassification => ml.BinaryClassification.Evaluate(scored, label).AreaUnderRocCurve,
                BackpropTask.MulticlassClassification => ml.MulticlassClassification.Evaluate(scored, label).MacroAccuracy,
                _ => ml.Regression.Evaluate(scored, label).RSquared,
            };
        }
        double baseline = Score(featurized);
        foreach (string name in mlp.Model.CategoricalColumnNames)
        {
            var column = featurized.Schema[name];
            var keys = Integration.Data.PermutedKeyView.ReadKeys(featurized, column);
            var drops = new double[permutations];
            for (int p = 0; p < permutations; p++)
            {
                var order = Enumerable.Range(0, keys.Length).ToArray();
                random.Shuffle(order);
                drops[p] = baseline - Score(new Integration.Data.PermutedKeyView(featurized, column, keys, order));
            }
            double mean = drops.Average();
            double error = permutations < 2 ? 0 : Math.Sqrt(drops.Sum(d => (d - mean) * (d - mean)) / (permutations - 1) / permutations);
            yield return new FeatureImportance(-1, name, metric, mean, error) { IsCategoricalColumn = true };
        }
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
