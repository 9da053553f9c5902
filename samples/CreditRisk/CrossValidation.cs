using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace CreditRisk;

/// <summary>Stratified k-fold cross-validation: every loan is scored once, by a model that did not see it.</summary>
public static class CrossValidation
{
    /// <summary>Fold of each loan: the bad and the good loans are each shuffled (seeded) and dealt round-robin.</summary>
    /// <exception cref="ArgumentException">A class has fewer loans than folds (ParamName "folds"): some fold would train
    /// without it, or test without it, and its metrics and threshold would be undefined.</exception>
    public static int[] StratifiedFolds(IReadOnlyList<Loan> loans, int folds, int seed)
    {
        int bad = loans.Count(l => l.Label), good = loans.Count - bad;
        if (Math.Min(bad, good) < folds)
            throw new ArgumentException($"The {loans.Count:N0} loans hold {bad:N0} bad one(s): {folds}-fold cross-validation needs at least {folds} bad " +
                $"and {folds} good loans (one of each per fold); raise --rows or lower --folds.", nameof(folds));
        var fold = new int[loans.Count];
        var random = new Random(seed);
        foreach (bool label in new[] { true, false })
        {
            var rows = Enumerable.Range(0, loans.Count).Where(i => loans[i].Label == label).OrderBy(_ => random.Next()).ToArray();
            for (int k = 0; k < rows.Length; k++) fold[rows[k]] = k % folds;
        }
        return fold;
    }

    /// <summary>Out-of-fold probabilities of <paramref name="pipeline"/> (featurizer + trainer, fitted per fold).</summary>
    public static TrainerResult Run(MLContext ml, string name, IEstimator<ITransformer> pipeline, IReadOnlyList<Loan> loans, int[] folds)
    {
        var probabilities = new float[loans.Count];
        double seconds = 0;
        foreach (int fold in folds.Distinct().Order())
        {
            var train = ml.Data.Cache(ml.Data.LoadFromEnumerable(loans.Where((_, i) => folds[i] != fold).ToList()));
            var testRows = Enumerable.Range(0, loans.Count).Where(i => folds[i] == fold).ToArray();
            var test = ml.Data.LoadFromEnumerable(testRows.Select(i => loans[i]).ToList());
            var clock = Stopwatch.StartNew();
            var model = pipeline.Fit(train);
            seconds += clock.Elapsed.TotalSeconds;
            var scored = model.Transform(test).GetColumn<float>("Probability").ToArray();
            for (int k = 0; k < testRows.Length; k++) probabilities[testRows[k]] = scored[k];
        }
        return new TrainerResult(name, probabilities, folds, loans.Select(l => l.Label).ToArray(), seconds);
    }
}
