using System.Globalization;
using Microsoft.ML;

namespace CreditRisk;

/// <summary>The whole sample: cross-validate every trainer, print the comparison, the MLP's reliability table and the
/// decision at the stated costs. Returns the results so that the tests can check them.</summary>
public static class SampleRun
{
    /// <summary>A missed default costs this many refused good loans.</summary>
    public const double MissedDefaultCost = 10, RefusedGoodLoanCost = 1;

    public static IReadOnlyList<TrainerResult> Run(string path, TextWriter output, int? rows = null, int folds = 5, int seed = 0, IReadOnlyCollection<string>? trainers = null)
    {
        var ml = new MLContext(seed);
        var loans = LoanData.Load(path, rows);
        var fold = CrossValidation.StratifiedFolds(loans, folds, seed);
        int bad = loans.Count(l => l.Label);
        output.WriteLine($"{loans.Count:N0} loans, {bad:N0} bad ({bad / (double)loans.Count:P1}); stratified {folds}-fold cross-validation, seed {seed}.");
        output.WriteLine();
        var results = Pipelines.All.Where(p => trainers is null || trainers.Contains(p.Name))
            .Select(p => CrossValidation.Run(ml, p.Name, p.Build(ml, seed), loans, fold)).ToList();

        // Log-loss differences of a few ten-thousandths decide issue-style comparisons here; pairing the loans shows
        // which of them the 9,857 loans can tell apart.
        output.WriteLine($"| trainer | PR-AUC | ROC-AUC | log-loss | log-loss − {results[0].Name}'s | ECE | fit s (all folds) |");
        output.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            string paired = ReferenceEquals(r, results[0]) ? "—" : Paired(r.PairedLogLoss(results[0]));
            output.WriteLine($"| {r.Name} | {r.PrAuc:F4} | {r.RocAuc:F4} | {r.LogLoss:F4} | {paired} | {r.Ece:F4} | {r.FitSeconds:F1} |");
        }
        output.WriteLine("(out-of-fold probabilities pooled over the folds; log-loss in nats, the difference paired loan by loan ± one standard");
        output.WriteLine("error, a rough guide since the folds' models share training loans; ECE over 10 equal-width bins)");

        var mlp = results[0];
        output.WriteLine();
        output.WriteLine($"Reliability of {mlp.Name}:");
        output.WriteLine("| probability | loans | mean predicted | observed bad share |");
        output.WriteLine("|---|---|---|---|");
        foreach (var b in mlp.Reliability())
            output.WriteLine($"| {b.Low:F1}–{b.High:F1} | {b.Rows:N0} | {b.MeanProbability:F3} | {b.BadShare:F3} |");

        output.WriteLine();
        output.WriteLine($"Decision: a missed default costs {MissedDefaultCost:G}, a refused good loan {RefusedGoodLoanCost:G}; each fold's threshold chosen on the other folds.");
        output.WriteLine("| policy | flagged | defaults caught | cost per 1,000 applications |");
        output.WriteLine("|---|---|---|---|");
        output.WriteLine($"| flag nobody | 0 | 0 of {bad:N0} | {FlagNobodyCostPerThousand(results[0]):F1} |");
        foreach (var r in results.Where(r => r.Name.StartsWith("MLP", StringComparison.Ordinal) || r.Name == "LbfgsLogisticRegression"))
        {
            var d = r.Decide(MissedDefaultCost, RefusedGoodLoanCost);
            output.WriteLine($"| {r.Name} | {d.Flagged:N0} | {d.TruePositives:N0} of {bad:N0} | {d.CostPerThousand:F1} |");
        }
        return results;
    }

    private static string Paired((double Difference, double StandardError) p) =>
        string.Create(CultureInfo.InvariantCulture, $"{p.Difference:+0.0000;−0.0000} ± {p.StandardError:F4}");

    /// <summary>Flagging nobody misses every default.</summary>
    public static double FlagNobodyCostPerThousand(TrainerResult r) => 1000.0 * r.Labels.Count(y => y) * MissedDefaultCost / r.Labels.Length;
}
