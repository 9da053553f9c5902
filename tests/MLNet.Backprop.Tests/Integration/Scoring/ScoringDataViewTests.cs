using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Integration;
using MLNet.Backprop.Integration.Schema;
using MLNet.Backprop.Integration.Scoring;
using MLNet.Backprop.Numerics;
using MLNet.Backprop.Tests.Integration.TestDoubles;

namespace MLNet.Backprop.Tests.Integration.Scoring;

public class ScoringDataViewTests
{
    private readonly MLContext _ml = new(seed: 0);

    private static LinearScorerFactory BinaryModel() =>
        new(PredictionKind.BinaryClassification, new float[,] { { 1f, -2f, 0.5f } }, [0.25f]);

    private static LinearScorerFactory MulticlassModel() =>
        new(PredictionKind.MulticlassClassification, new float[,] { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } }, [0, 0, 0],
            PlumbingData.Classes.Select(c => c.AsMemory()).ToArray());

    private IDataView Binary(int n = 20) => _ml.Data.LoadFromEnumerable(PlumbingData.Binary(n));

    [Fact]
    public void Transform_Binary_ScoreProbabilityAndLabelMatchModel()
    {
        var rows = PlumbingData.Binary(20);
        var model = BinaryModel();

        var scored = new ScoringDataView(_ml.Data.LoadFromEnumerable(rows), "Features", model);

        var scores = PlumbingData.Floats(scored, "Score");
        var probabilities = PlumbingData.Floats(scored, "Probability");
        var labels = scored.GetColumn<bool>("PredictedLabel").ToArray();
        for (int i = 0; i < rows.Count; i++)
        {
            float logit = model.Expected(rows[i].Features)[0];
            scores[i].ShouldBe(logit);
            probabilities[i].ShouldBe(1f / (1f + MathF.Exp(-logit)), 1e-6f);
            labels[i].ShouldBe(logit > 0);
        }
    }

    [Theory]
    [InlineData(0f, 0.5f)]
    [InlineData(200f, 1f)]
    [InlineData(-200f, 0f)]
    [InlineData(float.PositiveInfinity, 1f)]
    [InlineData(float.NegativeInfinity, 0f)]
    public void Sigmoid_ExtremeLogits_IsFiniteAndSaturates(float logit, float expected)
    {
        ScalarMath.Sigmoid(logit).ShouldBe(expected, 1e-7f);
    }

    [Fact]
    public void Transform_Multiclass_ScoreIsProbabilitiesAndPredictedLabelIsOneBasedArgMax()
    {
        var rows = PlumbingData.Multiclass(30);
        var model = MulticlassModel();

        var scored = new ScoringDataView(_ml.Data.LoadFromEnumerable(rows), "Features", model);

        var scores = scored.GetColumn<float[]>("Score").ToArray();
        var keys = scored.GetColumn<uint>("PredictedLabel").ToArray();
        for (int i = 0; i < rows.Count; i++)
        {
            var expected = model.Expected(rows[i].Features);
            scores[i].ShouldBe(expected);
            keys[i].ShouldBe((uint)Array.IndexOf(expected, expected.Max()) + 1);
        }
    }

    [Fact]
    public void Transform_Regression_ScoreMatchesModel()
    {
        var rows = PlumbingData.Regression(20);
        var model = new LinearScorerFactory(PredictionKind.Regression, new float[,] { { 1.5f, -2f, 0.5f } }, [0.1f]);

        var scores = PlumbingData.Floats(new ScoringDataView(_ml.Data.LoadFromEnumerable(rows), "Features", model), "Score");

        scores.ShouldBe(rows.Select(r => model.Expected(r.Features)[0]).ToArray());
    }

    [Fact]
    public void Schema_Multiclass_HasClassNamesAndScoreKindAnnotations()
    {
        var schema = new ScoringDataView(_ml.Data.LoadFromEnumerable(PlumbingData.Multiclass(3)), "Features", MulticlassModel()).Schema;

        var score = schema["Score"];
        score.Type.ShouldBe(new VectorDataViewType(NumberDataViewType.Single, 3));
        VBuffer<ReadOnlyMemory<char>> names = default;
        score.GetSlotNames(ref names);
        names.DenseValues().Select(n => n.ToString()).ShouldBe(PlumbingData.Classes);
        var predicted = schema["PredictedLabel"];
        predicted.Type.ShouldBe(new KeyDataViewType(typeof(uint), 3));
        predicted.GetKeyValues(ref names);
        names.DenseValues().Select(n => n.ToString()).ShouldBe(PlumbingData.Classes);
        Text(score.Annotations, "ScoreColumnKind").ShouldBe("MulticlassClassification");
        Text(predicted.Annotations, "ScoreValueKind").ShouldBe("PredictedLabel");
    }

    [Fact]
    public void Schema_Binary_InputColumnsKeepTheirIndicesAndOutputsFollow()
    {
        var input = Binary();

        var schema = new ScoringDataView(input, "Features", BinaryModel()).Schema;

        schema.Select(c => c.Name).ShouldBe(["Label", "Features", "Score", "Probability", "PredictedLabel"]);
        schema["Features"].Index.ShouldBe(input.Schema["Features"].Index);
        Text(schema["Probability"].Annotations, "ScoreColumnKind").ShouldBe("BinaryClassification");
    }

    [Fact]
    public void Schema_InputAlreadyHasScore_EarlierScoreIsHidden()
    {
        var once = new ScoringDataView(Binary(), "Features", BinaryModel());

        var twice = new ScoringDataView(once, "Features", BinaryModel());

        twice.Schema.Count.ShouldBe(8);
        twice.Schema["Score"].Index.ShouldBe(5);
        twice.Schema[2].IsHidden.ShouldBeTrue();
        PlumbingData.Floats(twice, "Score").ShouldBe(PlumbingData.Floats(once, "Score"));
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void Transform_NonFiniteFeature_ThrowsInvalidDataNamingColumnRowAndSlot(float bad)
    {
        var rows = PlumbingData.Binary(5);
        rows[3].Features[2] = bad;
        var scored = new ScoringDataView(_ml.Data.LoadFromEnumerable(rows), "Features", BinaryModel());

        var e = Should.Throw<InvalidDataException>(() => PlumbingData.Floats(scored, "Probability"));

        e.Message.ShouldContain("Feature column 'Features'");
        e.Message.ShouldContain("slot 2 at row 3");
        e.Message.ShouldContain("ReplaceMissingValues");
    }

    [Fact]
    public void Transform_ShortVectorAtScoring_ThrowsNamingColumnAndSizes()
    {
        var rows = PlumbingData.Binary(3);
        rows[1].Features = [1f, 2f];
        var scored = new ScoringDataView(_ml.Data.LoadFromEnumerable(rows), "Features", BinaryModel());

        var e = Should.Throw<InvalidDataException>(() => PlumbingData.Floats(scored, "Score"));

        e.Message.ShouldBe("Feature column 'Features' holds 2 values at row 1 (counting from 0); the model expects 3.");
    }

    [Fact]
    public void Transform_FeatureVectorSizeDiffersFromModel_ThrowsArgumentOutOfRangeWithSizes()
    {
        var model = new LinearScorerFactory(PredictionKind.BinaryClassification, new float[1, 4], [0f]);

        var e = Should.Throw<ArgumentOutOfRangeException>(() => new ScoringDataView(Binary(), "Features", model));

        e.ParamName.ShouldBe("feature");
        e.Message.ShouldContain("expected Vector<Single, 4>, got Vector<Single, 3>");
    }

    [Fact]
    public void Transform_MissingFeatureColumn_ThrowsCouldNotFind()
    {
        var e = Should.Throw<ArgumentOutOfRangeException>(() => new ScoringDataView(Binary(), "Pixels", BinaryModel()));

        e.Message.ShouldStartWith("Could not find feature column 'Pixels'");
    }

    [Fact]
    public void Transform_ModelProducesNaN_ThrowsInsteadOfPredictingFalse()
    {
        var model = new LinearScorerFactory(PredictionKind.BinaryClassification, new float[,] { { float.NaN, 0, 0 } }, [0f]);
        var scored = new ScoringDataView(Binary(), "Features", model);

        var e = Should.Throw<InvalidOperationException>(() => scored.GetColumn<bool>("PredictedLabel").ToArray());

        e.Message.ShouldContain("NaN for row 0");
    }

    [Fact]
    public void Transform_SparseFeatures_ScoreLikeDense()
    {
        var dense = new[] { new float[] { 0, 2, 0 }, new float[] { 0, 0, 0 }, new float[] { -1, 0, 3 } };
        var sparse = dense.Select(d =>
        {
            var indices = Enumerable.Range(0, 3).Where(i => d[i] != 0).ToArray();
            return new SparseRow { Features = new VBuffer<float>(3, indices.Length, indices.Select(i => d[i]).ToArray(), indices) };
        }).ToList();
        var model = BinaryModel();

        var scores = PlumbingData.Floats(new ScoringDataView(_ml.Data.LoadFromEnumerable(sparse), "Features", model), "Score");

        scores.ShouldBe(dense.Select(d => model.Expected(d)[0]).ToArray());
    }

    [Fact]
    public void GetRowCursorSet_SeveralCursors_EachHasItsOwnScorerAndAllRowsScoreCorrectly()
    {
        var rows = PlumbingData.Binary(500);
        var model = BinaryModel();
        var scored = new ScoringDataView(_ml.Data.Cache(_ml.Data.LoadFromEnumerable(rows)), "Features", model);

        var cursors = scored.GetRowCursorSet([scored.Schema["Score"]], 2);
        var seen = new List<(long Id, float Score)>();
        foreach (var cursor in cursors)
        {
            using (cursor)
            {
                var score = cursor.GetGetter<float>(scored.Schema["Score"]);
                var id = cursor.GetIdGetter();
                DataViewRowId rowId = default;
                float s = 0;
                while (cursor.MoveNext())
                {
                    id(ref rowId);
                    score(ref s);
                    seen.Add(((long)rowId.Low, s));
                }
            }
        }

        model.ScorersCreated.ShouldBe(cursors.Length);
        seen.Count.ShouldBe(rows.Count);
        foreach (var (id, s) in seen)
            s.ShouldBe(model.Expected(rows[(int)id].Features)[0]);
    }

    [Fact]
    public void GetRowCursor_OnlyInputColumns_CreatesNoScorerAndLeavesFeaturesInactive()
    {
        var model = BinaryModel();
        var scored = new ScoringDataView(Binary(), "Features", model);

        using var cursor = scored.GetRowCursor([scored.Schema["Label"]]);

        model.ScorersCreated.ShouldBe(0);
        cursor.IsColumnActive(scored.Schema["Features"]).ShouldBeFalse();
        cursor.IsColumnActive(scored.Schema["Score"]).ShouldBeFalse();
        Should.Throw<InvalidOperationException>(() => cursor.GetGetter<float>(scored.Schema["Score"]));
    }

    [Fact]
    public void GetGetter_WrongValueType_ThrowsInvalidOperation()
    {
        var scored = new ScoringDataView(Binary(), "Features", BinaryModel());
        using var cursor = scored.GetRowCursor(scored.Schema);

        var e = Should.Throw<InvalidOperationException>(() => cursor.GetGetter<double>(scored.Schema["Probability"]));

        e.Message.ShouldContain("'System.Double', expected type: 'System.Single'");
    }

    [Fact]
    public void Cursor_Dispose_DisposesInputCursor()
    {
        var input = new DisposalTrackingDataView(Binary());
        var scored = new ScoringDataView(input, "Features", BinaryModel());

        scored.GetRowCursor(scored.Schema).Dispose();

        input.Cursors.Single().Disposed.ShouldBeTrue();
    }

    [Fact]
    public void RowMapper_GetDependencies_AddsFeatureColumnOnlyWhenAnOutputIsRequested()
    {
        var input = Binary();
        var mapper = new ScoringRowMapper(input.Schema, "Features", BinaryModel());

        mapper.GetDependencies([mapper.OutputSchema["Label"]]).Select(c => c.Name).ShouldBe(["Label"]);
        mapper.GetDependencies([mapper.OutputSchema["Probability"]]).Select(c => c.Name).ShouldBe(["Features"]);
    }

    [Fact]
    public void RowMapper_GetRow_ScoresAndDisposingRowDisposesInput()
    {
        var rows = PlumbingData.Binary(3);
        var model = BinaryModel();
        var input = new DisposalTrackingDataView(_ml.Data.LoadFromEnumerable(rows));
        var mapper = new ScoringRowMapper(input.Schema, "Features", model);
        var inputRow = input.GetRowCursor(mapper.GetDependencies([mapper.OutputSchema["Score"]]));

        var row = mapper.GetRow(inputRow, [mapper.OutputSchema["Score"]]);
        var score = row.GetGetter<float>(mapper.OutputSchema["Score"]);
        inputRow.MoveNext();
        inputRow.MoveNext();
        float s = 0;
        score(ref s);
        row.Dispose();

        s.ShouldBe(model.Expected(rows[1].Features)[0]);
        input.Cursors.Single().Disposed.ShouldBeTrue();
    }

    private static string Text(DataViewSchema.Annotations annotations, string name)
    {
        ReadOnlyMemory<char> value = default;
        annotations.GetValue(name, ref value);
        return value.ToString();
    }
}

public sealed class SparseRow
{
    [VectorType(3)]
    public VBuffer<float> Features { get; set; }
}
