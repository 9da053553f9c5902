using MLNet.Backprop.Network;
using MLNet.Backprop.Training.Optimizers;

namespace MLNet.Backprop.Tests.Training.Optimizers;

/// <summary>Row-wise Adagrad on a matrix that lists its touched rows (<see cref="SparseUpdates.RowWise"/>): one
/// accumulator per row, the formula step by step, no per-value state, and the untouched rows (or a dense step's zero
/// rows) left as they are.</summary>
public class RowWiseUpdateTests
{
    private const int RowCount = 6, Width = 11; // 11 = 8 + 2 + 1: the vector lanes and the tail
    private const float Epsilon = 1e-8f;

    /// <summary>Rows touched at steps 1, 2 and 3: row 2 skips step 2, row 5 is never touched.</summary>
    private static readonly int[][] Touched = [[0, 2, 3], [3, 1], [2, 4, 0]];

    private static (Parameter Matrix, Parameter Bias) Parameters(bool compact)
    {
        var p = new Parameter("layer0.weights", RowCount * Width, isWeightMatrix: true) { Touched = new TouchedRows(RowCount, Width), RowWiseState = true };
        for (int i = 0; i < p.Length; i++) p.Values[i] = (float)Math.Sin(0.7 * i + 0.2);
        if (compact) p.UseCompactGradient(RowCount);
        var bias = new Parameter("layer0.bias", 3, isWeightMatrix: false);
        return (p, bias);
    }

    private static float GradientOf(int step, int row, int j) => (float)(Math.Cos(1.1 * j + 0.9 * row + step) * Math.Pow(10, j % 4 - 2));

    // The step's gradients on its touched rows only, as a sparse input's backward pass leaves them (compact: in listed order).
    private static void SetStep(Parameter p, int step)
    {
        p.Touched!.ClearRows(p.Gradients);
        p.Touched.Clear();
        foreach (int row in Touched[step]) p.Touched.Add(row);
        for (int i = 0; i < Touched[step].Length; i++)
            for (int j = 0; j < Width; j++) p.Gradients[p.Touched.GradientOffset(i) + j] = GradientOf(step, Touched[step][i], j);
    }

    [Theory]
    [InlineData(false, 0f)]
    [InlineData(true, 0f)]
    [InlineData(true, 0.1f)]
    public void Adam_RowWiseMatrix_TouchedRowsFollowTheFormulaOthersKeepValuesAndSums(bool compact, float weightDecay)
    {
        var (p, bias) = Parameters(compact);
        var optimizer = new Adam([p, bias], weightDecay: weightDecay);
        optimizer.UseRowWise(Epsilon);
        optimizer.State.Count.ShouldBe(5); // m and v of each parameter, then the row sums
        optimizer.State[0].ShouldBeEmpty(); // no per-value state for the row-wise matrix
        optimizer.State[2].ShouldBeEmpty();
        optimizer.State[4].Length.ShouldBe(RowCount);
        float[] w = [.. p.Values], sums = new float[RowCount];
        for (int step = 0; step < 3; step++)
        {
            SetStep(p, step);
            float lr = OptimizerTestData.LearningRates[step];
            foreach (int row in Touched[step])
            {
                var g = Enumerable.Range(0, Width).Select(j => GradientOf(step, row, j)).ToArray();
                float squares = 0f;
                foreach (float x in g) squares += x * x;
                sums[row] += squares / Width;
                float rate = lr / (MathF.Sqrt(sums[row]) + Epsilon);
                for (int j = 0; j < Width; j++)
                {
                    ref float value = ref w[row * Width + j];
                    if (weightDecay > 0f) value *= 1f - lr * weightDecay;
                    value -= rate * g[j];
                }
            }
            optimizer.Step(lr);
            for (int i = 0; i < w.Length; i++) p.Values[i].ShouldBe(w[i], 2e-7f * Math.Max(1f, Math.Abs(w[i])), $"step {step + 1}, value {i}");
            // Σ g² is added in vector lanes: the same terms in another order than the reference's loop.
            for (int r = 0; r < RowCount; r++) optimizer.RowSums(0)[r].ShouldBe(sums[r], 1e-6f * Math.Max(1f, sums[r]), $"step {step + 1}, row {r}");
        }
        // Row 5 was never touched: as initialised, its sum 0.
        p.Values.AsSpan(5 * Width, Width).ToArray().ShouldBe(Parameters(false).Matrix.Values.AsSpan(5 * Width, Width).ToArray());
        optimizer.RowSums(0)[5].ShouldBe(0f);
    }

    [Fact]
    public void Adam_RowWiseDenseStep_SameAsTheTouchedRowsStep()
    {
        // A dense step (the micro-batch modes: every row marked) of zero rows leaves them as they are: the same as lazy.
        var (lazy, lazyBias) = Parameters(false);
        var (dense, denseBias) = Parameters(false);
        var a = new Adam([lazy, lazyBias]);
        var b = new Adam([dense, denseBias]);
        a.UseRowWise(Epsilon);
        b.UseRowWise(Epsilon);
        for (int step = 0; step < 3; step++)
        {
            SetStep(lazy, step);
            SetStep(dense, step);
            dense.Touched!.MarkAll();
            a.Step(0.01f);
            b.Step(0.01f);
            dense.Values.ShouldBe(lazy.Values);
            b.RowSums(0).ToArray().ShouldBe(a.RowSums(0).ToArray());
        }
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(-1f)]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void UseRowWise_BadEpsilon_Throws(float epsilon)
    {
        var (p, bias) = Parameters(false);
        Should.Throw<ArgumentOutOfRangeException>(() => new Adam([p, bias]).UseRowWise(epsilon)).ParamName.ShouldBe("epsilon");
    }

    [Fact]
    public void Adam_RowSquaresGivenByTheBackwardPass_SameBitsAsSummedFromTheRows()
    {
        // The sparse product gives each compact row's Σ g² with the gradient; the step uses them instead of summing the
        // row again: the same floats, so the same values and sums.
        var (given, givenBias) = Parameters(compact: true);
        var (summed, summedBias) = Parameters(compact: true);
        var withSquares = new Adam([given, givenBias]);
        var without = new Adam([summed, summedBias]);
        withSquares.UseRowWise(Epsilon);
        without.UseRowWise(Epsilon);
        for (int step = 0; step < 3; step++)
        {
            SetStep(given, step);
            SetStep(summed, step);
            var touched = given.Touched!;
            touched.KnowSquares([.. Enumerable.Range(0, touched.Rows.Length)
                .Select(i => System.Numerics.Tensors.TensorPrimitives.SumOfSquares<float>(given.Gradients.AsSpan(touched.GradientOffset(i), Width)))]);
            touched.SquaresKnown.ShouldBeTrue();
            summed.Touched!.SquaresKnown.ShouldBeFalse();
            withSquares.Step(OptimizerTestData.LearningRates[step]);
            without.Step(OptimizerTestData.LearningRates[step]);
            given.Values.ShouldBe(summed.Values, $"step {step + 1}");
            withSquares.RowSums(0).ToArray().ShouldBe(without.RowSums(0).ToArray(), $"step {step + 1}");
        }
    }

    [Fact]
    public void TouchedRows_GradientOrListChanged_SquaresForgotten()
    {
        var (p, _) = Parameters(compact: true);
        void Know()
        {
            SetStep(p, 0);
            p.Touched!.KnowSquares(new float[Touched[0].Length]);
            p.Touched.SquaresKnown.ShouldBeTrue();
        }
        Know();
        p.AddL2(0.1f);
        p.Touched!.SquaresKnown.ShouldBeFalse();
        Know();
        MLNet.Backprop.Training.GradientClipping.ScaleToNorm([p], norm: 10, maxNorm: 1);
        p.Touched.SquaresKnown.ShouldBeFalse();
        Know();
        MLNet.Backprop.Training.GradientClipping.ClipByValue([p], 1e-3f);
        p.Touched.SquaresKnown.ShouldBeFalse();
        Know();
        p.Touched.Add(5);
        p.Touched.SquaresKnown.ShouldBeFalse();
        Know();
        p.Touched.Clear();
        p.Touched.SquaresKnown.ShouldBeFalse();
        Should.Throw<ArgumentException>(() => p.Touched.KnowSquares([1f]));
    }
}
