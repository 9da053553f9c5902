using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Tests.Numerics;

public class WideSumsTests
{
    /// <summary>Every length of the short path, the jump table and the eight-vector loop, and a few long ones.</summary>
    public static TheoryData<int> Lengths()
    {
        var data = new TheoryData<int>();
        foreach (int n in Enumerable.Range(0, 300).Concat([383, 384, 385, 1000, 4099])) data.Add(n);
        return data;
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Emulate_AnyLength_EqualsThe512BitOrderBitForBit(int n)
    {
        var (x, y) = Spans(n);
        Same(WideSums.Emulate<WideSums.Plain>(x, x), Reference(n, i => x[i]));
        Same(WideSums.Emulate<WideSums.Square>(x, x), Reference(n, i => x[i] * x[i]));
        Same(WideSums.Emulate<WideSums.Product>(x, y), Reference(n, i => x[i] * y[i]));
        Same(WideSums.Emulate<WideSums.Difference>(x, y), Reference(n, i => (x[i] - y[i]) * (x[i] - y[i])));
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void PublicSums_AnyLength_EqualThe512BitOrderOnThisMachine(int n)
    {
        // On an AVX-512 machine these are TensorPrimitives' own results: the check that the emulation still follows it.
        var (x, y) = Spans(n);
        Same(WideSums.Sum(x), Reference(n, i => x[i]));
        Same(WideSums.SumOfSquares(x), Reference(n, i => x[i] * x[i]));
        Same(WideSums.Norm(x), MathF.Sqrt(Reference(n, i => x[i] * x[i])));
        Same(WideSums.Dot(x, y), Reference(n, i => x[i] * y[i]));
        if (n > 0) Same(WideSums.Distance(x, y), MathF.Sqrt(Reference(n, i => (x[i] - y[i]) * (x[i] - y[i]))));
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void DoubleSums_AnyLength_EqualThe512BitOrderBitForBit(int n)
    {
        var (xf, yf) = Spans(n);
        double[] x = xf.Select(v => v * 1.000001).ToArray(), y = yf.Select(v => (double)v).ToArray();
        double dot = Reference(n, i => x[i] * y[i]), squares = Reference(n, i => x[i] * x[i]);
        BitConverter.DoubleToInt64Bits(WideSums.Emulate<double, WideSums.Product>(x, y)).ShouldBe(BitConverter.DoubleToInt64Bits(dot));
        BitConverter.DoubleToInt64Bits(WideSums.Dot(x, y)).ShouldBe(BitConverter.DoubleToInt64Bits(dot));
        BitConverter.DoubleToInt64Bits(WideSums.Norm(x)).ShouldBe(BitConverter.DoubleToInt64Bits(Math.Sqrt(squares)));
    }

    [Fact]
    public void PublicSums_OnAvx512_AreTensorPrimitivesResults()
    {
        var (x, y) = Spans(777);
        Same(WideSums.Sum(x), Vector512.IsHardwareAccelerated ? TensorPrimitives.Sum<float>(x) : WideSums.Emulate<WideSums.Plain>(x, x));
        Same(WideSums.Dot(x, y), Vector512.IsHardwareAccelerated ? TensorPrimitives.Dot<float>(x, y) : WideSums.Emulate<WideSums.Product>(x, y));
    }

    [Fact]
    public void Dot_DifferentLengths_Throws() => Should.Throw<ArgumentException>(() => WideSums.Dot(new float[3], new float[4]));

    [Fact]
    public void Distance_Empty_Throws() => Should.Throw<ArgumentException>(() => WideSums.Distance([], []));

    /// <summary>The 512-bit order written out with scalars: W running sums (W = 16 floats or 8 doubles; lane l takes the
    /// elements ≡ l mod W), the first vector added after the eight-vector loop and before the blocks that end the span,
    /// the last vector masked to its new lanes, then ((l0 + l1) + (l2 + l3)) + … ; below W values, the short path.</summary>
    private static T Reference<T>(int n, Func<int, T> term) where T : IFloatingPointIeee754<T>
    {
        int w = 64 / (typeof(T) == typeof(float) ? 4 : 8);
        if (n < w)
        {
            if (n < w / 4)
            {
                T sum = T.Zero;
                for (int i = n - 1; i >= 0; i--) sum += term(i);
                return sum;
            }
            int width = n >= w / 2 ? w / 2 : w / 4;
            var v = new T[width];
            for (int l = 0; l < width; l++) v[l] = term(l);
            if (n != width)
                for (int l = 0; l < width; l++) v[l] += l >= width - n % width ? term(n - width + l) : T.Zero;
            return Pairs(v, 0, width);
        }

        var lanes = new T[w];
        Array.Fill(lanes, T.Zero);
        int start = 0, remaining = n;
        if (n > 8 * w)
        {
            start = w;
            remaining = n - w;
            for (; remaining >= 8 * w; start += 8 * w, remaining -= 8 * w)
                for (int k = 0; k < 8 * w; k++) lanes[k % w] += term(start + k);
        }
        for (int l = 0; l < w; l++) lanes[l] += term(l);
        int blocks = remaining / w - (n > 8 * w ? 0 : 1), trailing = remaining % w, whole = remaining - trailing;
        for (int k = blocks; k >= 1; k--)
            for (int l = 0; l < w; l++) lanes[l] += term(start + whole - w * k + l);
        for (int l = 0; l < w; l++) lanes[l] += l >= w - trailing ? term(n - w + l) : T.Zero;
        return Pairs(lanes, 0, w);
    }

    private static T Pairs<T>(T[] v, int at, int count) where T : IFloatingPointIeee754<T> =>
        count == 1 ? v[at] : Pairs(v, at, count / 2) + Pairs(v, at + count / 2, count / 2);

    /// <summary>Values of both signs over eight decades, zeros of both signs and subnormals (no NaN: the order is what is
    /// tested, and a NaN's payload is not a result).</summary>
    private static (float[] X, float[] Y) Spans(int n)
    {
        var random = new Random(n);
        float Next() => random.Next(10) switch
        {
            0 => 0f,
            1 => -0f,
            2 => 1e-40f * (random.Next(2) * 2 - 1),
            _ => (float)(random.NextDouble() * Math.Pow(10, random.Next(-4, 5)) * (random.Next(2) * 2 - 1)),
        };
        return (Enumerable.Range(0, n).Select(_ => Next()).ToArray(), Enumerable.Range(0, n).Select(_ => Next()).ToArray());
    }

    private static void Same(float actual, float expected) =>
        BitConverter.SingleToInt32Bits(actual).ShouldBe(BitConverter.SingleToInt32Bits(expected), $"{actual:R} vs {expected:R}");
}
