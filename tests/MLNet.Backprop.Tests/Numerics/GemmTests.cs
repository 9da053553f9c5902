using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Tests.Numerics;

public class GemmTests
{
    // (m, n, k): degenerate, awkward, exactly one register tile, tile + 1 everywhere, k spanning several KC blocks,
    // m spanning several MC blocks, n spanning several NC blocks, a narrow n over several KC blocks, one- and two-row
    // products (every vector width of the small-row path), one-column products (n = 1, the transposed-A column path),
    // and products whose parallel parts share one packed A (n split, m·k ≥ 2^15): over several KC blocks with a ragged
    // last panel, and over several MC and NC blocks.
    private static readonly (int M, int N, int K)[] Shapes =
    [
        (1, 1, 1), (7, 13, 5), (33, 65, 17), (8, 32, 256), (9, 33, 257), (17, 70, 600), (200, 40, 3), (5, 1100, 3),
        (40, 2, 520), (1, 100, 37), (2, 91, 300), (45, 1, 64), (130, 1, 300), (67, 300, 600), (200, 1060, 170),
        // Whole 32-column panels (B, and A with them, read in place by the 512-bit kernel): partial row panels, several k blocks.
        (13, 64, 300), (210, 64, 64), (64, 64, 210), (203, 96, 530),
        // One-row products of scoring's shapes: a 32-unit layer, and 32 + 16 + 8 + 1 columns (every small-row width in turn).
        (1, 32, 64), (1, 57, 20), (2, 32, 7),
    ];

    public static TheoryData<int, int, int, bool, bool, bool> ShapeCases()
    {
        var data = new TheoryData<int, int, int, bool, bool, bool>();
        foreach (var (m, n, k) in Shapes)
        {
            foreach (bool transposeA in new[] { false, true })
            foreach (bool transposeB in new[] { false, true })
            foreach (bool accumulate in new[] { false, true })
            {
                data.Add(m, n, k, transposeA, transposeB, accumulate);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ShapeCases))]
    public void Multiply_RandomShape_BitIdenticalToScalarReference(
        int m, int n, int k, bool transposeA, bool transposeB, bool accumulate)
    {
        var (a, b, c0) = Operands(m, n, k, seed: m * 1000 + n * 10 + k);
        float[] expected = (float[])c0.Clone();
        Gemm.MultiplyScalar(a, transposeA, b, transposeB, expected, m, n, k, accumulate);

        float[] actual = (float[])c0.Clone();
        Gemm.Multiply(a, transposeA, b, transposeB, actual, m, n, k, accumulate);

        Bits(actual).ShouldBe(Bits(expected));
    }

    [Theory]
    [MemberData(nameof(ShapeCases))]
    public void Multiply_EveryKernelAndPartition_BitIdenticalToScalarReference(
        int m, int n, int k, bool transposeA, bool transposeB, bool accumulate)
    {
        var (a, b, c0) = Operands(m, n, k, seed: 7 + m + n + k);
        float[] expected = (float[])c0.Clone();
        Gemm.MultiplyScalar(a, transposeA, b, transposeB, expected, m, n, k, accumulate);

        // Scalar, and each vector kernel this machine accelerates: on an AVX-512 machine the 128-, 256- and 512-bit ones.
        foreach (GemmKernelKind kernel in Enum.GetValues<GemmKernelKind>().Where(GemmMicroKernel.IsSupported))
        {
            // Every kernel whole and in an odd number of parts; the production kernel in more partitions.
            int[] partitions = kernel == GemmMicroKernel.Best ? [1, 2, 3, 8] : [1, 3];
            foreach (int parts in partitions)
            {
                float[] actual = (float[])c0.Clone();
                Gemm.MultiplyWith(a, transposeA, b, transposeB, actual, m, n, k, accumulate, parts, kernel);
                Bits(actual).ShouldBe(Bits(expected), $"kernel {kernel}, {parts} parts");
            }
        }
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void Multiply_TwoThreads_BitIdenticalToOneThread(bool transposeA, bool transposeB)
    {
        // Large enough to pass the single-thread work threshold, with partial tiles on both edges.
        const int M = 203, N = 197, K = 300;
        var (a, b, _) = Operands(M, N, K, seed: 11);
        float[] one = new float[M * N];
        Gemm.Multiply(a, transposeA, b, transposeB, one, M, N, K, accumulate: false, degreeOfParallelism: 1);

        foreach (int threads in new[] { 2, 4, 8 })
        {
            float[] many = new float[M * N];
            Gemm.Multiply(a, transposeA, b, transposeB, many, M, N, K, accumulate: false, degreeOfParallelism: threads);
            Bits(many).ShouldBe(Bits(one), $"{threads} threads");
        }
    }

    [Fact]
    public void Multiply_ConcurrentCallers_BitIdenticalToOneThread()
    {
        const int M = 150, N = 170, K = 130;
        var (a, b, _) = Operands(M, N, K, seed: 5);
        float[] expected = new float[M * N];
        Gemm.Multiply(a, false, b, true, expected, M, N, K, accumulate: false);

        float[][] results = Enumerable.Range(0, 4).Select(_ => new float[M * N]).ToArray();
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            for (int repeat = 0; repeat < 3; repeat++)
            {
                Gemm.Multiply(a, false, b, true, results[i], M, N, K, accumulate: false, degreeOfParallelism: 2);
            }
        });

        foreach (float[] result in results) Bits(result).ShouldBe(Bits(expected));
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public void Multiply_RandomShape_MatchesDoublePrecisionProduct(bool transposeA, bool transposeB)
    {
        const int M = 37, N = 71, K = 529;
        var (a, b, _) = Operands(M, N, K, seed: 3);
        float[] c = new float[M * N];
        Gemm.Multiply(a, transposeA, b, transposeB, c, M, N, K, accumulate: false, degreeOfParallelism: 2);

        for (int i = 0; i < M; i++)
        {
            for (int j = 0; j < N; j++)
            {
                double sum = 0, magnitude = 0;
                for (int p = 0; p < K; p++)
                {
                    double product = (double)(transposeA ? a[p * M + i] : a[i * K + p])
                        * (transposeB ? b[j * K + p] : b[p * N + j]);
                    sum += product;
                    magnitude += Math.Abs(product);
                }

                // Sequential float accumulation: error bounded by ~K·eps·Σ|products|; in practice far below.
                Math.Abs(c[i * N + j] - sum).ShouldBeLessThanOrEqualTo(1e-5 * magnitude + 1e-30);
            }
        }
    }

    [Fact]
    public void Multiply_KZero_ZeroesC()
    {
        float[] c = [1f, 2f, 3f, 4f, 5f, 6f];
        Gemm.Multiply([], false, [], false, c, 2, 3, 0, accumulate: false);
        c.ShouldAllBe(x => x == 0f);
    }

    [Fact]
    public void Multiply_KZeroAccumulating_LeavesCUnchanged()
    {
        float[] c = [1f, 2f, 3f, 4f, 5f, 6f];
        Gemm.Multiply([], true, [], true, c, 2, 3, 0, accumulate: true, degreeOfParallelism: 2);
        c.ShouldBe([1f, 2f, 3f, 4f, 5f, 6f]);
    }

    [Theory]
    [InlineData(0, 5, 3)]
    [InlineData(5, 0, 3)]
    [InlineData(0, 0, 0)]
    public void Multiply_EmptyResult_DoesNothing(int m, int n, int k)
    {
        float[] c = [42f];
        Gemm.Multiply(new float[m * k], false, new float[k * n], false, c, m, n, k, accumulate: false);
        c[0].ShouldBe(42f);
    }

    [Theory]
    [InlineData(-1, 2, 2, "m")]
    [InlineData(2, -1, 2, "n")]
    [InlineData(2, 2, -1, "k")]
    public void Multiply_NegativeDimension_ThrowsArgumentOutOfRange(int m, int n, int k, string name)
    {
        var error = Should.Throw<ArgumentOutOfRangeException>(
            () => Gemm.Multiply(new float[16], false, new float[16], false, new float[16], m, n, k, false));
        error.ParamName.ShouldBe(name);
    }

    [Fact]
    public void Multiply_ZeroParallelism_ThrowsArgumentOutOfRange()
    {
        Should.Throw<ArgumentOutOfRangeException>(
            () => Gemm.Multiply(new float[4], false, new float[4], false, new float[4], 2, 2, 1, false, 0));
    }

    [Theory]
    [InlineData(5, 6, 6, "a", "Matrix A")]
    [InlineData(6, 5, 6, "b", "Matrix B")]
    [InlineData(6, 6, 5, "c", "Matrix C")]
    public void Multiply_SpanTooShort_ThrowsArgumentExceptionNamingMatrix(
        int aLength, int bLength, int cLength, string paramName, string message)
    {
        // m = 2, n = 3, k = 3: A needs 6, B needs 9 (so 6 is short), C needs 6.
        bLength = paramName == "b" ? bLength : 9;
        var error = Should.Throw<ArgumentException>(() => Gemm.Multiply(
            new float[aLength], false, new float[bLength], false, new float[cLength], 2, 3, 3, false));
        error.ParamName.ShouldBe(paramName);
        error.Message.ShouldContain(message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Multiply_AfterWarmUp_DoesNotAllocate(int threads)
    {
        const int M = 128, N = 160, K = 96;
        var (a, b, c) = Operands(M, N, K, seed: 9);
        Gemm.Multiply(a, true, b, false, c, M, N, K, accumulate: false, degreeOfParallelism: threads);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 5; i++)
        {
            Gemm.Multiply(a, true, b, false, c, M, N, K, accumulate: true, degreeOfParallelism: threads);
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).ShouldBe(0);
    }

    private static (float[] A, float[] B, float[] C) Operands(int m, int n, int k, int seed)
    {
        var random = new Random(seed);

        // Mixed magnitudes and signs so that any change in rounding order shows up in the low bits.
        float Next() => (random.NextSingle() - 0.5f) * MathF.ScaleB(1f, random.Next(-6, 7));
        float[] Fill(int length)
        {
            float[] values = new float[length];
            for (int i = 0; i < length; i++) values[i] = Next();
            return values;
        }

        return (Fill(m * k), Fill(k * n), Fill(m * n));
    }

    private static int[] Bits(float[] values) => Array.ConvertAll(values, BitConverter.SingleToInt32Bits);
}
