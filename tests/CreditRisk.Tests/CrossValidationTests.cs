namespace CreditRisk.Tests;

/// <summary>Too few loans of a class for the folds is said before any trainer fits, naming --rows and --folds.</summary>
public class CrossValidationTests
{
    private static List<Loan> Loans(int bad, int good) =>
        [.. Enumerable.Range(0, bad + good).Select(i => new Loan { Numbers = new float[17], Label = i < bad })];

    [Fact]
    public void StratifiedFolds_FewerBadLoansThanFolds_ThrowsNamingTheCountsAndOptions()
    {
        // Before: the folds were dealt, and the first fit failed on a fold whose training side held no bad loan (or, with
        // none at all, every trainer fitted and the PR-AUC then threw), an unhandled exception without the fold or options.
        var e = Should.Throw<ArgumentException>(() => CrossValidation.StratifiedFolds(Loans(bad: 1, good: 19), folds: 5, seed: 0));
        e.Message.ShouldStartWith("The 20 loans hold 1 bad one(s): 5-fold cross-validation needs at least 5 bad and 5 good loans " +
            "(one of each per fold); raise --rows or lower --folds.");
    }

    [Fact]
    public void StratifiedFolds_EnoughOfBothClasses_EveryFoldHoldsBoth()
    {
        var loans = Loans(bad: 5, good: 15);
        var fold = CrossValidation.StratifiedFolds(loans, folds: 5, seed: 0);
        for (int f = 0; f < 5; f++)
            Enumerable.Range(0, loans.Count).Where(i => fold[i] == f).Select(i => loans[i].Label).Distinct().Count().ShouldBe(2);
    }
}
