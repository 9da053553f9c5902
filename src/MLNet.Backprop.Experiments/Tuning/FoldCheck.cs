namespace MLNet.Backprop.Experiments.Tuning;

/// <summary>
/// Every fold must be able to give its metric before any trial is trained: AUC needs both classes among the held-out
/// rows, R² held-out labels that are not all equal, and every training side at least two classes. A class with fewer
/// rows than folds leaves some fold without it, so the message says how many folds the data allows.
/// </summary>
internal static class FoldCheck
{
    /// <exception cref="InvalidOperationException">No row has a label, or a fold cannot be scored (the message names the
    /// fold, the class or the label value, and suggests <c>NumberOfFolds</c>).</exception>
    public static void Verify(StratifiedFolds folds, BackpropTask task, string labelColumn, bool[]? unusable = null)
    {
        var labels = folds.Labels;
        bool binary = task == BackpropTask.BinaryClassification;
        // The trainer's labels: 0/1, a 0-based class index, or a value; NaN where the label is missing.
        static bool Missing(double label) => double.IsNaN(label);
        string Name(double label) => binary ? (label > 0 ? "true" : "false") : $"key {label + 1}";
        var rows = Enumerable.Range(0, labels.Length).Where(r => !Missing(labels[r]) && unusable?[r] != true).ToArray();
        if (rows.Length == 0)
            throw new InvalidOperationException($"None of the {labels.Length} rows of the training data has a label in '{labelColumn}'" +
                $"{(unusable is null ? "" : " and usable features")}: there is nothing to tune on.");
        for (int fold = 0; fold < folds.Count; fold++)
        {
            string which = $"Fold {fold + 1} of {folds.Count}";
            var heldOut = rows.Where(r => folds.FoldOf(r) == fold).Select(r => labels[r]).ToArray();
            var training = rows.Where(r => folds.FoldOf(r) != fold).Select(r => labels[r]).Distinct().ToArray();
            if (heldOut.Length == 0)
                throw new InvalidOperationException($"{which} holds no row with a label in '{labelColumn}'. Set NumberOfFolds lower, or tune on more rows.");
            if (folds.Regression)
            {
                if (heldOut.Distinct().Count() < 2)
                    throw new InvalidOperationException($"{which} holds {heldOut.Length} rows whose label '{labelColumn}' is {heldOut[0]} in every one: " +
                        $"R² is undefined for labels that do not vary. Set NumberOfFolds lower (it is {folds.Count}), or tune on more rows.");
                continue;
            }
            if (training.Length < 2)
                throw new InvalidOperationException($"{which}: the rows left to train on hold only class {Name(training.Single())} of '{labelColumn}'; " +
                    $"classification needs two. Set NumberOfFolds lower (it is {folds.Count}), or tune on more rows.");
            if (!binary) continue;
            foreach (double cls in new[] { 0.0, 1.0 })
            {
                if (heldOut.Contains(cls)) continue;
                int count = rows.Count(r => labels[r] == cls);
                throw new InvalidOperationException($"{which} holds no row of class {Name(cls)} of '{labelColumn}' among its {heldOut.Length} held-out rows " +
                    $"(the data has {count}): its AUC is undefined. Set NumberOfFolds to at most {Math.Max(count, 1)} (it is {folds.Count}), or tune on more rows.");
            }
        }
    }
}
