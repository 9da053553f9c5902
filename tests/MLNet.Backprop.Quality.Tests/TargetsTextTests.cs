using MLNet.Backprop.Quality.Targets;
using static MLNet.Backprop.Quality.Tests.TargetsFolds;

namespace MLNet.Backprop.Quality.Tests;

public class TargetsTextTests
{
    [Fact]
    public void Write_TwoSets_TableThenTheFourSummaryLines()
    {
        // a: ranks mlp 1, lightgbm 2, fasttree (missing) 4, linear 3; b: 2, 1, 4, 4. Fit ratios 2/1 and 7/2.
        var data = PrimaryResults.Merge([[
            Auc("a", "mlp", 0.75, fit: 2), Auc("a", "lightgbm", 0.5, fit: 1), Auc("a", "linear", 0.25),
            Auc("b", "mlp", 0.5, fit: 7), Auc("b", "lightgbm", 0.75, fit: 2)]]);
        TargetsText.Write(TargetsReport.Compute(data, "mlp", ["lightgbm", "fasttree", "linear"])).ShouldBe("""
            set                   mlp   lightgbm   fasttree     linear   gap   fit/lgbm
            a                  0.7500     0.5000        nan     0.2500  0.0000   2.00
            b                  0.5000     0.7500        nan        nan  0.2500   3.50
            mean rank: mlp 1.50, lightgbm 1.50, fasttree 4.00, linear 3.50
            ahead of lightgbm: 1/2
            behind > 0.02: b 0.250
            fit > 3x lightgbm: b 3.5x

            """.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Write_NothingBehindOrSlow_None()
    {
        var data = PrimaryResults.Merge([[Auc("a", "a-very-long-name", 0.75, fit: 1), Auc("a", "lightgbm", 0.5, fit: 1)]]);
        var lines = TargetsText.Write(TargetsReport.Compute(data, "a-very-long-name", ["lightgbm"])).Split('\n');
        lines[0].ShouldStartWith("set            a-very-lon   lightgbm");
        lines[^3].ShouldBe("behind > 0.02: none");
        lines[^2].ShouldBe("fit > 3x lightgbm: none");
    }
}
