using MLNet.Backprop.Numerics;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests.Numerics;

public class SparseProductTests
{
    private const int Rows = 37, Slots = 300, Units = 19; // 19 = 16 + 2 + 1: every lane width and the scalar tail

    private static (int[] Offsets, int[] Indices, float[] Values) Block() { var (o, i, v, _, _) = SparseRows.Csr(Rows, Slots, 6, seed: 3); return (o, i, v); }

    private static float[] Weights() => TestData.Normal(Slots * Units, 5);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Multiply_SparseRows_EqualsTheDenseProductInDouble(bool accumulate)
    {
        var (offsets, indices, values) = Block();
        var w = Weights();
        var z = TestData.Normal(Rows * Units, 9);
        var before = (float[])z.Clone();

        SparseProduct.Multiply(offsets, indices, values, w, z, Rows, Units, accumulate, threads: 1);

        var dense = SparseRows.Dense(offsets, indices, values, Rows, Slots);
        for (int r = 0; r < Rows; r++)
            for (int j = 0; j < Units; j++)
            {
                double expected = accumulate ? before[r * Units + j] : 0;
                for (int i = 0; i < Slots; i++) expected += (double)dense[r * Slots + i] * w[i * Units + j];
                z[r * Units + j].ShouldBe((float)expected, 1e-4f);
            }
    }

    [Fact]
    public void Multiply_AnyThreadCount_SameBits()
    {
        // Enough work for the parallel path: 2,000 rows.
        var (offsets, indices, values, _, _) = SparseRows.Csr(2000, Slots, 8, seed: 4);
        var w = Weights();
        var one = new float[2000 * Units];
        var two = new float[2000 * Units];
        SparseProduct.Multiply(offsets, indices, values, w, one, 2000, Units, false, threads: 1);
        SparseProduct.Multiply(offsets, indices, values, w, two, 2000, Units, false, threads: 2);
        two.ShouldBe(one);
    }

    [Fact]
    public void TransposeMultiply_TouchedSlots_EqualTheDenseProductAndOthersStayZero()
    {
        var (offsets, indices, values) = Block();
        var delta = TestData.Normal(Rows * Units, 7);
        var gradient = new float[Slots * Units];
        var touched = new int[offsets[Rows]];

        int count = SparseProduct.TransposeMultiply(offsets, indices, values, delta, gradient, Rows, Units, Slots, new SlotPlaces(), touched,
            new int[offsets[Rows]], threads: 1);

        var firstSeen = indices.Take(offsets[Rows]).Distinct().ToArray();
        touched[..count].ShouldBe(firstSeen);
        var dense = SparseRows.Dense(offsets, indices, values, Rows, Slots);
        for (int i = 0; i < Slots; i++)
            for (int j = 0; j < Units; j++)
            {
                double expected = 0;
                for (int r = 0; r < Rows; r++) expected += (double)dense[r * Slots + i] * delta[r * Units + j];
                if (!firstSeen.Contains(i)) gradient[i * Units + j].ShouldBe(0f);
                else gradient[i * Units + j].ShouldBe((float)expected, 1e-4f);
            }
    }

    [Fact]
    public void TransposeMultiply_AnyThreadCount_SameBitsAndOrder()
    {
        var (offsets, indices, values, _, _) = SparseRows.Csr(2000, Slots, 8, seed: 5);
        var delta = TestData.Normal(2000 * Units, 8);
        (float[] Gradient, int[] Touched) Run(int threads)
        {
            var gradient = new float[Slots * Units];
            var touched = new int[Slots];
            int count = SparseProduct.TransposeMultiply(offsets, indices, values, delta, gradient, 2000, Units, Slots, new SlotPlaces(), touched,
                new int[offsets[2000]], threads);
            return (gradient, touched[..count]);
        }
        var one = Run(1);
        var two = Run(2);
        two.Gradient.ShouldBe(one.Gradient);
        two.Touched.ShouldBe(one.Touched);
    }

    [Fact]
    public void TransposeMultiply_CompactOverStaleRows_EqualsTheDenseGradientsRowsAndTheirSquares()
    {
        // A compact gradient is not cleared before the product: each touched row is set by its first entry. The rows hold
        // an earlier block's values (and NaN) on entry, one table serves both blocks, and the squares are the rows' own.
        var (offsets, indices, values) = Block();
        var delta = TestData.Normal(Rows * Units, 7);
        var dense = new float[Slots * Units];
        SparseProduct.TransposeMultiply(offsets, indices, values, delta, dense, Rows, Units, Slots, new SlotPlaces(), new int[offsets[Rows]],
            new int[offsets[Rows]], threads: 1);
        var places = new SlotPlaces();
        var (otherOffsets, otherIndices, otherValues, _, _) = SparseRows.Csr(Rows, Slots, 9, seed: 8);
        var compact = new float[otherOffsets[Rows] * Units];
        SparseProduct.TransposeMultiply(otherOffsets, otherIndices, otherValues, delta, compact, Rows, Units, Slots, places, new int[otherOffsets[Rows]],
            new int[otherOffsets[Rows]], threads: 1, compact: true);
        compact.AsSpan(0, 3 * Units).Fill(float.NaN);
        var touched = new int[offsets[Rows]];
        var squares = new float[offsets[Rows]];

        int count = SparseProduct.TransposeMultiply(offsets, indices, values, delta, compact, Rows, Units, Slots, places, touched, new int[offsets[Rows]],
            threads: 1, compact: true, rowSquares: squares);

        touched[..count].ShouldBe(indices.Take(offsets[Rows]).Distinct().ToArray());
        for (int p = 0; p < count; p++)
        {
            var row = compact.AsSpan(p * Units, Units).ToArray();
            row.ShouldBe(dense.AsSpan(touched[p] * Units, Units).ToArray());
            squares[p].ShouldBe(System.Numerics.Tensors.TensorPrimitives.SumOfSquares<float>(row));
        }
    }

    [Fact]
    public void TransposeMultiply_CompactAnyThreadCount_SameBitsAndSquares()
    {
        var (offsets, indices, values, _, _) = SparseRows.Csr(2000, Slots, 8, seed: 5);
        var delta = TestData.Normal(2000 * Units, 8);
        (float[] Gradient, float[] Squares) Run(int threads)
        {
            int entries = offsets[2000];
            var gradient = Enumerable.Repeat(7f, Math.Min(entries, Slots) * Units).ToArray();
            var squares = new float[Slots];
            int count = SparseProduct.TransposeMultiply(offsets, indices, values, delta, gradient, 2000, Units, Slots, new SlotPlaces(), new int[Slots],
                new int[entries], threads, compact: true, rowSquares: squares);
            return (gradient[..(count * Units)], squares[..count]);
        }
        var one = Run(1);
        var two = Run(2);
        two.Gradient.ShouldBe(one.Gradient);
        two.Squares.ShouldBe(one.Squares);
    }

    [Fact]
    public void Multiply_OffsetsOfASlice_ReadTheirOwnEntries()
    {
        // A view of rows 10..19 keeps the block's absolute offsets.
        var (offsets, indices, values) = Block();
        var w = Weights();
        var all = new float[Rows * Units];
        var some = new float[10 * Units];
        SparseProduct.Multiply(offsets, indices, values, w, all, Rows, Units, false, 1);
        SparseProduct.Multiply(offsets.AsSpan(10, 11), indices, values, w, some, 10, Units, false, 1);
        some.ShouldBe(all[(10 * Units)..(20 * Units)]);
    }

    [Fact]
    public void Multiply_SlotBeyondTheMatrix_Throws()
    {
        var ex = Should.Throw<ArgumentOutOfRangeException>(() =>
            SparseProduct.Multiply([0, 1], [Slots], [1f], Weights(), new float[Units], 1, Units, false, 1));
        ex.Message.ShouldContain($"[0, {Slots})");
    }
}
