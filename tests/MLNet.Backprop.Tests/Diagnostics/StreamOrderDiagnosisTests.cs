using Microsoft.ML;
using MLNet.Backprop.Diagnostics;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests.Diagnostics;

/// <summary>Streamed rows sorted by the label (blocks far from samples of the rows) are told before training: a Warning in
/// the diagnosis and the ML.NET log advising a wider StreamingBlockSize or a shuffled file; rows in random order, or in
/// memory, are not.</summary>
public class StreamOrderDiagnosisTests
{
    private static (BackpropModel Model, List<string> Warnings) Fit(List<TabularRow> rows, DataLoading loading, bool regression = false, int blockRows = 200)
    {
        var ml = new MLContext(seed: 1);
        var warnings = HealthyRunDiagnosisTests.CaptureWarnings(ml);
        var options = new BackpropTrainer.Options
        {
            DataLoading = loading, StreamingBlockSize = blockRows, NumberOfEpochs = 2, Seed = 1, LabelColumnName = regression ? "Value" : "Label",
        };
        var model = new BackpropTrainer(ml, options).Fit(ml.Data.LoadFromEnumerable(rows)).Model;
        return (model, warnings);
    }

    private static Finding? Ordered(BackpropModel model) => model.Diagnosis.Findings.SingleOrDefault(f => f.Kind == FindingKind.OrderedStream);

    [Fact]
    public void Fit_StreamedRowsSortedByTheLabel_WarnsAdvisingWiderBlocksOrAShuffle()
    {
        // Before: trained block after block on one class, and nothing said.
        var (model, warnings) = Fit([.. Tabular.Rows(1200, 1).OrderBy(r => r.Label)], DataLoading.Streaming);

        var finding = Ordered(model).ShouldNotBeNull(model.Diagnosis.ToString());
        finding.Severity.ShouldBe(FindingSeverity.Warning);
        finding.Column.ShouldBe("Label");
        finding.Message.ShouldContain("the streamed rows are ordered: the class shares of label column 'Label' in the 6 blocks of 200 rows");
        finding.Advice.ShouldContain("set StreamingBlockSize = 1200"); // 1,200 rows of 4 features fit one block
        finding.Advice.ShouldContain("shuffle the file's rows once");
        finding.Evidence["Blocks"].ShouldBe(6);
        finding.Evidence["DegreesOfFreedom"].ShouldBe(5);
        finding.Message.ShouldNotContain("E+"); // large ratios written whole, e.g. 1,110 times
        finding.Evidence["SpreadRatio"].ShouldBeGreaterThan(StreamOrderCheck.SpreadRatio);
        warnings.ShouldContain(w => w.Contains("OrderedStream") && w.Contains("StreamingBlockSize = 1200"));
    }

    [Fact]
    public void Fit_StreamedRowsSortedByARegressionLabel_Warns()
    {
        var (model, _) = Fit([.. Tabular.Rows(1200, 1).OrderBy(r => r.Value)], DataLoading.Streaming, regression: true);

        Ordered(model).ShouldNotBeNull(model.Diagnosis.ToString()).Message.ShouldContain("the label means of label column 'Value'");
    }

    [Theory]
    [InlineData(DataLoading.Streaming, false)]
    [InlineData(DataLoading.InMemory, true)]
    public void Fit_StreamedInRandomOrderOrSortedInMemory_NoOrderFinding(DataLoading loading, bool sorted)
    {
        // In memory every epoch shuffles all the rows: their order in the view does not matter.
        var rows = Tabular.Rows(1200, 1);
        var (model, warnings) = Fit(sorted ? [.. rows.OrderBy(r => r.Label)] : rows, loading);

        Ordered(model).ShouldBeNull();
        warnings.ShouldNotContain(w => w.Contains("OrderedStream"));
    }

    [Fact]
    public void Fit_StreamedRowsSortedInOneBlock_NoOrderFinding()
    {
        // A block of all the rows is shuffled whole: the advice followed silences the finding.
        var (model, _) = Fit([.. Tabular.Rows(1200, 1).OrderBy(r => r.Label)], DataLoading.Streaming, blockRows: 1200);

        Ordered(model).ShouldBeNull();
    }

    [Fact]
    public void IsOrdered_AcrossBothThresholds_NamesOnlyBlocksBeyondBoth()
    {
        // χ² ÷ df above SpreadRatio but within noise on few degrees of freedom: not named.
        StreamOrderCheck.IsOrdered(chiSquare: 9, degreesOfFreedom: 2).ShouldBeFalse();
        StreamOrderCheck.Score(9, 2).ShouldBeLessThan(StreamOrderCheck.Significance);
        // Significant on many degrees of freedom but spread under SpreadRatio (a slight drift of a long file): not named.
        StreamOrderCheck.IsOrdered(chiSquare: 3.9 * 10_000, degreesOfFreedom: 10_000).ShouldBeFalse();
        StreamOrderCheck.Score(3.9 * 10_000, 10_000).ShouldBeGreaterThan(StreamOrderCheck.Significance);
        // Beyond both.
        StreamOrderCheck.IsOrdered(chiSquare: 4.1 * 100, degreesOfFreedom: 100).ShouldBeTrue();
        StreamOrderCheck.IsOrdered(chiSquare: 40, degreesOfFreedom: 1).ShouldBeTrue();
        StreamOrderCheck.IsOrdered(chiSquare: 20, degreesOfFreedom: 1).ShouldBeFalse(); // score 3.2
        StreamOrderCheck.IsOrdered(chiSquare: 1e9, degreesOfFreedom: 0).ShouldBeFalse(); // one block: nothing to compare
    }

    [Fact]
    public void Score_ChiSquareAtItsQuantiles_IsNearTheNormalQuantile()
    {
        // Wilson–Hilferty against χ² quantiles: 99.9 % (z 3.09) of χ²(1) is 10.83, of χ²(10) 29.59, of χ²(100) 149.45.
        StreamOrderCheck.Score(10.83, 1).ShouldBe(3.09, 0.15);
        StreamOrderCheck.Score(29.59, 10).ShouldBe(3.09, 0.05);
        StreamOrderCheck.Score(149.45, 100).ShouldBe(3.09, 0.02);
        StreamOrderCheck.Score(100, 100).ShouldBe(0.0, 0.1); // the median
    }

    [Fact]
    public void Statistic_SortedClassesAgainstEvenlyDealtOnes_FarBeyondAgainstZero()
    {
        var sorted = new BlockLabelTally(blockRows: 10, classification: true);
        var dealt = new BlockLabelTally(blockRows: 10, classification: true);
        for (int i = 0; i < 40; i++)
        {
            sorted.Add(i < 20 ? 0 : 1);
            dealt.Add(i % 2);
        }

        // Sorted: every block one class, each cell (10 − 5)² ÷ 5 = 5, 8 cells: χ² 40 on (4 − 1)(2 − 1) = 3.
        sorted.Statistic().ShouldBe((40.0, 3));
        dealt.Statistic().ShouldBe((0.0, 3));
        new BlockLabelTally(blockRows: 100, classification: true).Statistic().ShouldBeNull(); // no rows, no block
    }

    [Fact]
    public void Statistic_RegressionBlockMeans_SumOfSquaredGapsOverTheVariance()
    {
        var tally = new BlockLabelTally(blockRows: 2, classification: false);
        foreach (var label in new[] { 1000f, 1000f, 1002f, 1002f }) tally.Add(label);

        // Mean 1001, variance 1; the blocks' means 1000 and 1002: 2·1 + 2·1 = 4 on 1 degree of freedom.
        var (chi, df) = tally.Statistic().ShouldNotBeNull();
        chi.ShouldBe(4, 1e-9);
        df.ShouldBe(1);
    }
}
