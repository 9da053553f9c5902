using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests.Network.Inputs;

// Each fused pass against its plain formula, bit for bit: widths below, at and above a vector's, with a scalar tail.
public class PeriodicKernelsTests
{
    [Theory]
    [InlineData(5, 8)]
    [InlineData(7, 3)]
    [InlineData(3, 19)]
    public void AddBiasRelu_AnyWidth_PreActivationAndMaxOfTheFormula(int rows, int d)
    {
        int stride = d + 5;
        var h = TestData.Normal(rows * d, 1);
        h[0] = float.NaN;
        h[1] = -0f;
        var bias = TestData.Normal(d, 2);
        bias[1] = 0f;
        var e = TestData.Normal(rows * stride, 3);
        var expectedH = (float[])h.Clone();
        var expectedE = (float[])e.Clone();
        for (int r = 0; r < rows; r++)
            for (int i = 0; i < d; i++)
            {
                expectedH[r * d + i] += bias[i];
                expectedE[r * stride + i] = Math.Max(expectedH[r * d + i], 0f);
            }

        PeriodicKernels.AddBiasRelu(h, bias, e, rows, stride);

        h.ShouldBe(expectedH);
        e.Select(BitConverter.SingleToInt32Bits).ShouldBe(expectedE.Select(BitConverter.SingleToInt32Bits)); // +0 for −0, NaN kept
    }

    [Theory]
    [InlineData(9, 8)]
    [InlineData(4, 3)]
    [InlineData(6, 19)]
    public void ReluGradient_AnyWidth_GradientAndRowOrderSum(int rows, int d)
    {
        int stride = d + 2;
        var g = TestData.Normal(rows * d, 4);
        var de = TestData.Normal(rows * stride, 5);
        var biasGradient = TestData.Normal(d, 6); // overwritten
        var expectedG = new float[g.Length];
        var expectedSum = new float[d];
        for (int i = 0; i < d; i++)
            for (int r = 0; r < rows; r++)
            {
                expectedG[r * d + i] = g[r * d + i] > 0f ? de[r * stride + i] : 0f;
                expectedSum[i] += expectedG[r * d + i];
            }

        PeriodicKernels.ReluGradient(g, de, stride, biasGradient, rows);

        g.ShouldBe(expectedG);
        biasGradient.ShouldBe(expectedSum);
    }

    [Theory]
    [InlineData(9, 16)]
    [InlineData(5, 3)]
    [InlineData(7, 11)]
    public void FrequencySums_AnyFrequencyCount_RowOrderSumOfTheAngleTerms(int rows, int k)
    {
        var dv = TestData.Normal(rows * 2 * k, 7);
        var v = TestData.Normal(rows * 2 * k, 8);
        var x = TestData.Normal(rows, 9);
        var sums = TestData.Normal(k, 10); // overwritten
        var expected = new float[k];
        for (int m = 0; m < k; m++)
            for (int r = 0; r < rows; r++)
            {
                int sin = r * 2 * k + m, cos = sin + k;
                float term = dv[sin] * v[cos] - dv[cos] * v[sin];
                expected[m] += x[r] * term;
            }

        PeriodicKernels.FrequencySums(dv, v, x, sums, rows);

        sums.ShouldBe(expected);
    }
}
