using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Numerics;
using MLNet.Backprop.Tests.TestSupport;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests.Training;

public class SparseTrainingDataTests
{
    private const int Rows = 50, Slots = 200;

    private static (TrainingData Sparse, TrainingData Dense) Pair(float[]? weights = null)
    {
        var (offsets, indices, values, labels, _) = SparseRows.Csr(Rows, Slots, 6, seed: 2);
        var targets = labels.Select(l => l ? 1f : 0f).ToArray();
        return (TrainingData.Sparse(offsets, indices, values, Rows, Slots, targets, 1, weights),
            new TrainingData(SparseRows.Dense(offsets, indices, values, Rows, Slots), Rows, Slots, targets, 1, weights));
    }

    [Fact]
    public void Summary_SparseRows_SameBitsAsTheirDenseForm()
    {
        var (sparse, dense) = Pair(TestData.Uniform(Rows, 3, 0.5f, 2f));
        var a = DataSummary.Of(sparse, classification: true);
        var b = DataSummary.Of(dense, classification: true);
        a.FeatureMeans.ShouldBe(b.FeatureMeans);
        a.FeatureDeviations.ShouldBe(b.FeatureDeviations);
        a.FeatureNonZeros.ShouldBe(b.FeatureNonZeros);
        a.NonZeros.ShouldBe(sparse.SparseOffsets[Rows]);
        b.NonZeros.ShouldBe(a.NonZeros);
        a.MaxRowNonZeros.ShouldBe(Enumerable.Range(0, Rows).Max(r => sparse.SparseOffsets[r + 1] - sparse.SparseOffsets[r]));
        a.Density.ShouldBe(a.NonZeros / (double)(Rows * Slots));
        a.ClassWeights.ShouldBe(b.ClassWeights);
    }

    [Fact]
    public void As_DenseToSparseAndBack_SameRows()
    {
        var (sparse, dense) = Pair();
        var made = dense.As(sparse.Inputs);
        made.IsSparse.ShouldBeTrue();
        made.SparseOffsets.ShouldBe(sparse.SparseOffsets);
        made.SparseIndices.ShouldBe(sparse.SparseIndices[..sparse.SparseOffsets[Rows]]);
        made.SparseValues.ShouldBe(sparse.SparseValues[..sparse.SparseOffsets[Rows]]);
        sparse.As(dense.Inputs).Features.ShouldBe(dense.Features);
        sparse.As(sparse.Inputs).ShouldBeSameAs(sparse);
    }

    [Fact]
    public void Select_SparseRows_TheRowsInThatOrder()
    {
        var (sparse, dense) = Pair(TestData.Uniform(Rows, 4, 0.5f, 2f));
        int[] rows = [7, 3, 3, 49, 0];
        var picked = sparse.Select(rows);
        picked.As(dense.Inputs).Features.ShouldBe(dense.Select(rows).Features);
        picked.Weights.ShouldBe(dense.Select(rows).Weights);
        picked.Targets.ShouldBe(dense.Select(rows).Targets);
    }

    [Fact]
    public void View_SparseRows_CsrWithAbsoluteOffsets()
    {
        var (sparse, _) = Pair();
        var view = sparse.View(10, 5);
        view.Rows.ShouldBe(5);
        view.SparseOffsets.ToArray().ShouldBe(sparse.SparseOffsets[10..16]);
        view.Dense.IsEmpty.ShouldBeTrue();
        sparse.MaxAbsFeature.ShouldBe(sparse.SparseValues.Max(Math.Abs));
    }

    [Fact]
    public void Features_OfSparseRows_RefusedNamingTheWayToReadThem() =>
        Should.Throw<InvalidOperationException>(() => Pair().Sparse.Features).Message.ShouldContain("View");

    [Fact]
    public void Sparse_SlotsNotIncreasing_RefusedNamingTheRow()
    {
        var ex = Should.Throw<ArgumentException>(() => TrainingData.Sparse([0, 2], [5, 3], [1f, 1f], 1, 10, [0f]));
        ex.Message.ShouldContain("Row 0");
    }

    [Fact]
    public void Batches_SparseRows_GatherTheSameRowsAsDenseOnes()
    {
        var (sparse, dense) = Pair();
        var fromSparse = new InMemoryBatchSource(sparse, null);
        var fromDense = new InMemoryBatchSource(dense, null);
        var sparseBatch = new InputBatch(sparse.Inputs, 16);
        var denseBatch = new InputBatch(dense.Inputs, 16);
        var targets = new float[16];
        fromSparse.BeginEpoch(new Rng(5));
        fromDense.BeginEpoch(new Rng(5));
        for (int b = 0; b < 4; b++)
        {
            int n = fromSparse.Next(sparseBatch, targets, default, 16, out _);
            fromDense.Next(denseBatch, targets, default, 16, out _).ShouldBe(n);
            var view = sparseBatch.View(n);
            SparseRows.Dense(view.SparseOffsets.ToArray(), view.SparseIndices.ToArray(), view.SparseValues.ToArray(), n, Slots)
                .ShouldBe(denseBatch.Dense[..(n * Slots)]);
        }
    }

    [Fact]
    public void Standardization_OfSparseRows_ScalesWithoutCentringAsTheDenseRowsAreScaled()
    {
        var (sparse, dense) = Pair();
        var summary = DataSummary.Of(dense, classification: true);
        var scaleOnly = Standardization.Create(summary, features: true, target: false, centre: false);
        scaleOnly.ChangesFeatures.ShouldBeTrue();
        var scaled = scaleOnly.Apply(sparse);
        scaled.SparseValues.ShouldNotBeSameAs(sparse.SparseValues);
        scaled.As(dense.Inputs).Features.ShouldBe(scaleOnly.Apply(dense).Features);
        // A centring standardisation would make the rows dense: refused on sparse rows.
        Should.Throw<InvalidOperationException>(() => Standardization.Create(summary, true, false).Apply(sparse));
    }
}
