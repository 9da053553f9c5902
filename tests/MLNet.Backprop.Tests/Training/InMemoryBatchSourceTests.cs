using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Numerics;
using MLNet.Backprop.Tests.TestSupport;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests.Training;

public class InMemoryBatchSourceTests
{
    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void Next_RowSubset_ServesWhatACopyOfThoseRowsWould(bool weighted, bool balanced)
    {
        const int rows = 101, columns = 3;
        var targets = Enumerable.Range(0, rows).Select(r => (float)(r % 3 == 0 ? 1 : 0)).ToArray();
        var data = new TrainingData(TestData.Normal(rows * columns, 1), rows, columns, targets, 1,
            weighted ? TestData.Uniform(rows, 2, 0.5f, 2f) : null);
        int[] subset = [.. Enumerable.Range(0, rows).Where(r => r % 4 != 1)];
        var balance = balanced ? new ClassBalance(DataSummary.Of(data, true, subset).ClassWeights) : null;

        var inPlace = new InMemoryBatchSource(data, balance, subset);
        var copied = new InMemoryBatchSource(data.Select(subset), balance);

        inPlace.Rows.ShouldBe(subset.Length);
        inPlace.HasWeights.ShouldBe(copied.HasWeights);
        DataSummary.Of(data, true, subset).FeatureMeans.ShouldBe(DataSummary.Of(data.Select(subset), true).FeatureMeans);
        var (rngA, rngB) = (new Rng(7), new Rng(7));
        for (int epoch = 0; epoch < 3; epoch++)
        {
            inPlace.BeginEpoch(rngA);
            copied.BeginEpoch(rngB);
            bool last = false;
            while (!last)
            {
                var (fa, fb) = (new InputBatch(data.Inputs, 16), new InputBatch(data.Inputs, 16));
                float[] ta = new float[16], tb = new float[16], wa = new float[16], wb = new float[16];
                int a = inPlace.Next(fa, ta, wa, 16, out last);
                int b = copied.Next(fb, tb, wb, 16, out bool lastB);
                (a, last).ShouldBe((b, lastB));
                fa.Dense.ShouldBe(fb.Dense);
                ta.ShouldBe(tb);
                wa.ShouldBe(wb);
            }
        }
    }
}
