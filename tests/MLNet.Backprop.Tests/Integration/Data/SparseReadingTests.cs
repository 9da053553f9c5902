using Microsoft.ML;
using MLNet.Backprop.Integration.Data;
using MLNet.Backprop.Tests.TestSupport;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests.Integration.Data;

public class SparseReadingTests
{
    private static TrainingData Read(IDataView view, bool? sparse = null, bool skip = false) =>
        DataViewReader.Read(view, "Features", "Label", null, BackpropTask.BinaryClassification, skip, default, sparse).Data!;

    [Fact]
    public void Read_SparseVectors_StaySparseWithTheSameValues()
    {
        var ml = new MLContext(1);
        var sparse = Read(SparseRows.Load(ml, 300, 5000, 8, seed: 1));
        var dense = Read(SparseRows.Load(ml, 300, 5000, 8, seed: 1, dense: true));
        sparse.IsSparse.ShouldBeTrue();
        dense.IsSparse.ShouldBeFalse();
        sparse.As(dense.Inputs).Features.ShouldBe(dense.Features);
        sparse.Targets.ShouldBe(dense.Targets);
    }

    [Fact]
    public void Read_ForcedEitherWay_GivesThatForm()
    {
        var ml = new MLContext(1);
        Read(SparseRows.Load(ml, 50, 500, 8, seed: 1), sparse: false).IsSparse.ShouldBeFalse();
        Read(SparseRows.Load(ml, 50, 500, 8, seed: 1, dense: true), sparse: true).IsSparse.ShouldBeTrue();
    }

    [Fact]
    public void Read_NaNInASparseRow_NamedBySlotAndRowOrSkipped()
    {
        var ml = new MLContext(1);
        var rows = ml.Data.CreateEnumerable<SparseRows.Row>(SparseRows.Load(ml, 20, 500, 4, seed: 2), false).ToList();
        var bad = rows[7].Features;
        var values = bad.GetValues().ToArray();
        values[^1] = float.NaN;
        rows[7].Features = new Microsoft.ML.Data.VBuffer<float>(500, values.Length, values, bad.GetIndices().ToArray());
        var schema = Microsoft.ML.Data.SchemaDefinition.Create(typeof(SparseRows.Row));
        schema["Features"].ColumnType = new Microsoft.ML.Data.VectorDataViewType(Microsoft.ML.Data.NumberDataViewType.Single, 500);
        var view = ml.Data.LoadFromEnumerable(rows, schema);

        var ex = Should.Throw<InvalidOperationException>(() => Read(view));
        ex.Message.ShouldContain($"slot {bad.GetIndices()[^1]} in row 7");
        Read(view, skip: true).Rows.ShouldBe(19);
    }
}
