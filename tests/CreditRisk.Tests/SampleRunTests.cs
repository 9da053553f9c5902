namespace CreditRisk.Tests;

/// <summary>The sample end to end on the first 4,000 loans (about 200 bad), 3 folds, the MLP (embeddings) and L-BFGS: every step
/// runs, and the MLP learned something worth deciding on.</summary>
public class SampleRunTests
{
    private static readonly Lazy<(IReadOnlyList<TrainerResult> Results, string Text)> Quick = new(() =>
    {
        var text = new StringWriter();
        var results = SampleRun.Run(LoanData.Locate(null), text, rows: 4000, folds: 3, seed: 0, trainers: ["MLP (embeddings)", "LbfgsLogisticRegression"]);
        return (results, text.ToString());
    });

    private static TrainerResult Mlp => Quick.Value.Results.Single(r => r.Name == "MLP (embeddings)");

    [Fact]
    public void Run_QuickSubset_MlpPrAucAboveTheBaseRate()
    {
        // A ranking that learned nothing has PR-AUC ≈ the bad share.
        double baseRate = Mlp.Labels.Count(y => y) / (double)Mlp.Labels.Length;
        Mlp.PrAuc.ShouldBeGreaterThan(baseRate * 1.5);
        Mlp.RocAuc.ShouldBeGreaterThan(0.6);
    }

    [Fact]
    public void Run_QuickSubset_DecisionCostsLessThanFlaggingNobody()
    {
        var decision = Mlp.Decide(SampleRun.MissedDefaultCost, SampleRun.RefusedGoodLoanCost);
        decision.CostPerThousand.ShouldBeLessThan(SampleRun.FlagNobodyCostPerThousand(Mlp));
        decision.TruePositives.ShouldBeGreaterThan(0);
        decision.Rows.ShouldBe(4000);
    }

    [Fact]
    public void Run_QuickSubset_ProbabilitiesCalibratedAndTablesPrinted()
    {
        Mlp.Ece.ShouldBeLessThan(0.05); // unweighted training, then Platt on the pooled hold-outs (Calibration = Auto), keeps them near the observed shares
        double.IsFinite(Mlp.LogLoss).ShouldBeTrue();
        Quick.Value.Text.ShouldContain("| trainer | PR-AUC | ROC-AUC | log-loss | log-loss − MLP (embeddings)'s | ECE |");
        Quick.Value.Text.ShouldContain("| flag nobody |");
        Quick.Value.Text.ShouldContain("Reliability of MLP (embeddings)");
    }

    [Fact]
    public void PairedLogLoss_QuickSubset_MeanIsTheLogLossDifference()
    {
        var lbfgs = Quick.Value.Results.Single(r => r.Name == "LbfgsLogisticRegression");
        var (difference, error) = lbfgs.PairedLogLoss(Mlp);
        difference.ShouldBe(lbfgs.LogLoss - Mlp.LogLoss, 1e-12);
        error.ShouldBeInRange(1e-6, 0.05);
        Mlp.PairedLogLoss(Mlp).ShouldBe((0.0, 0.0));
        Quick.Value.Text.ShouldContain($"| LbfgsLogisticRegression | {lbfgs.PrAuc:F4} | {lbfgs.RocAuc:F4} | {lbfgs.LogLoss:F4} | ");
    }

    [Fact]
    public void PairedLogLoss_DifferentLoans_ThrowsNamingBoth()
    {
        var a = new TrainerResult("A", [0.1f, 0.2f], [0, 1], [false, true], 0);
        var b = new TrainerResult("B", [0.1f, 0.2f], [0, 1], [true, true], 0);
        Should.Throw<ArgumentException>(() => a.PairedLogLoss(b)).Message.ShouldContain("A and B were not scored on the same loans");
    }

    [Fact]
    public void StratifiedFolds_EveryFoldHasItsShareOfBadLoans()
    {
        var loans = Enumerable.Range(0, 100).Select(i => new Loan { Label = i % 10 == 0 }).ToList();
        var folds = CrossValidation.StratifiedFolds(loans, 5, seed: 1);
        for (int f = 0; f < 5; f++) Enumerable.Range(0, 100).Count(i => folds[i] == f && loans[i].Label).ShouldBe(2);
    }

    [Fact]
    public void Choose_QuickSubset_ScoresTheCandidatesBesideLbfgsOnOtherFolds()
    {
        var text = new StringWriter();
        var results = Choosing.Run(LoanData.Locate(null), text, rows: 3000, folds: 2, seed: Choosing.DefaultSeed, only: ["defaults", "tables ×0.25"]);
        results.Select(r => r.Name).ShouldBe(["defaults", "tables ×0.25"]);
        results.ShouldAllBe(r => r.PrAuc > 0.05 && double.IsFinite(r.LogLoss));
        Choosing.DefaultSeed.ShouldNotBe(0); // the sample reports seed 0: the choice must not see those folds
        string printed = text.ToString();
        printed.ShouldContain("fold seed 1");
        printed.ShouldContain("| (reference) LbfgsLogisticRegression |");
        printed.ShouldContain("Highest PR-AUC: ");
    }

    [Fact]
    public void Run_FirstLoansHoldNoBadOne_ThrowsBeforeAnyFitNamingTheOptions()
    {
        var text = new StringWriter();
        var e = Should.Throw<ArgumentException>(() => SampleRun.Run(LoanData.Locate(null), text, rows: 12, folds: 5));
        e.Message.ShouldStartWith("The 12 loans hold 0 bad one(s)");
        text.ToString().ShouldBeEmpty();
    }
}
