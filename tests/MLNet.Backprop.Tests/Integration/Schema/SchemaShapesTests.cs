using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Integration;
using MLNet.Backprop.Integration.Schema;
using MLNet.Backprop.Tests.Integration.TestDoubles;
using MLNet.Backprop.Tests.TestSupport;

using VectorKind = Microsoft.ML.SchemaShape.Column.VectorKind;

namespace MLNet.Backprop.Tests.Integration.Schema;

public class SchemaShapesTests
{
    private static readonly SchemaShape Input = new(
    [
        SchemaShapes.Column("Features", VectorKind.Vector, NumberDataViewType.Single, false),
        SchemaShapes.Column("Label", VectorKind.Scalar, BooleanDataViewType.Instance, false),
    ]);

    [Fact]
    public void Column_ValidArguments_CreatesColumnWithAllFields()
    {
        var annotations = new SchemaShape([SchemaShapes.Column("KeyValues", VectorKind.Vector, TextDataViewType.Instance, false)]);

        var column = SchemaShapes.Column("C", VectorKind.Scalar, NumberDataViewType.UInt32, true, annotations);

        column.Name.ShouldBe("C");
        column.Kind.ShouldBe(VectorKind.Scalar);
        column.ItemType.ShouldBe(NumberDataViewType.UInt32);
        column.IsKey.ShouldBeTrue();
        SchemaShapes.HasKeyValues(column).ShouldBeTrue();
    }

    [Fact]
    public void Output_Binary_AddsScoreProbabilityAndBooleanPredictedLabel()
    {
        var output = SchemaShapes.Output(Input, PredictionKind.BinaryClassification, hasClassNames: false);

        output.Select(c => c.Name).ShouldBe(["Features", "Label", "Score", "Probability", "PredictedLabel"]);
        Find(output, "Score").ItemType.ShouldBe(NumberDataViewType.Single);
        Find(output, "Probability").ItemType.ShouldBe(NumberDataViewType.Single);
        Find(output, "PredictedLabel").ItemType.ShouldBe(BooleanDataViewType.Instance);
        SchemaShapes.TryFind(Find(output, "Score").Annotations, "ScoreColumnKind", out _).ShouldBeTrue();
    }

    [Fact]
    public void Output_MulticlassWithClassNames_PromisesKeyValuesAndSlotNames()
    {
        var output = SchemaShapes.Output(Input, PredictionKind.MulticlassClassification, hasClassNames: true);

        var score = Find(output, "Score");
        score.Kind.ShouldBe(VectorKind.Vector);
        score.ItemType.ShouldBe(NumberDataViewType.Single);
        SchemaShapes.TryFind(score.Annotations, "SlotNames", out _).ShouldBeTrue();
        var predicted = Find(output, "PredictedLabel");
        predicted.IsKey.ShouldBeTrue();
        predicted.ItemType.ShouldBe(NumberDataViewType.UInt32);
        SchemaShapes.HasKeyValues(predicted).ShouldBeTrue();
    }

    [Fact]
    public void Output_MulticlassWithoutClassNames_PromisesNoKeyValues()
    {
        var output = SchemaShapes.Output(Input, PredictionKind.MulticlassClassification, hasClassNames: false);

        SchemaShapes.HasKeyValues(Find(output, "PredictedLabel")).ShouldBeFalse();
    }

    [Fact]
    public void Output_Regression_AddsOnlySingleScore()
    {
        var output = SchemaShapes.Output(Input, PredictionKind.Regression, hasClassNames: false);

        output.Select(c => c.Name).ShouldBe(["Features", "Label", "Score"]);
        Find(output, "Score").Kind.ShouldBe(VectorKind.Scalar);
    }

    [Fact]
    public void Output_InputHasScoreColumn_ReplacesIt()
    {
        var input = new SchemaShape(Input.Append(SchemaShapes.Column("Score", VectorKind.Scalar, TextDataViewType.Instance, false)));

        var output = SchemaShapes.Output(input, PredictionKind.Regression, hasClassNames: false);

        output.Count(c => c.Name == "Score").ShouldBe(1);
        Find(output, "Score").ItemType.ShouldBe(NumberDataViewType.Single);
    }

    [Fact]
    public void Describe_KeyAndVectorColumns_UsesMlNetTypeNotation()
    {
        SchemaShapes.Describe(SchemaShapes.Column("K", VectorKind.Scalar, NumberDataViewType.UInt32, true)).ShouldBe("Key<UInt32>");
        SchemaShapes.Describe(SchemaShapes.Column("V", VectorKind.Vector, NumberDataViewType.Single, false)).ShouldBe("Vector<Single>");
        SchemaShapes.Describe(SchemaShapes.Column("W", VectorKind.VariableVector, TextDataViewType.Instance, false)).ShouldBe("VarVector<String>");
    }

    [Fact]
    public void FromSchema_KeyAndVectorColumns_DescribesThemLikeMlNet()
    {
        var ml = new MLContext(0);
        var data = ml.Transforms.Conversion.MapValueToKey("Label").Fit(ml.Data.LoadFromEnumerable(PlumbingData.Multiclass(5)))
            .Transform(ml.Data.LoadFromEnumerable(PlumbingData.Multiclass(5)));

        var shape = SchemaShapes.FromSchema(data.Schema);

        var label = Find(shape, "Label");
        label.IsKey.ShouldBeTrue();
        label.ItemType.ShouldBe(NumberDataViewType.UInt32);
        SchemaShapes.HasKeyValues(label).ShouldBeTrue();
        Find(shape, "Features").Kind.ShouldBe(VectorKind.Vector);
    }

    private static SchemaShape.Column Find(SchemaShape shape, string name)
    {
        SchemaShapes.TryFind(shape, name, out var column).ShouldBeTrue();
        return column;
    }
}
