using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Integration;
using MLNet.Backprop.Integration.Schema;
using MLNet.Backprop.Tests.Integration.TestDoubles;
using MLNet.Backprop.Tests.TestSupport;

using VectorKind = Microsoft.ML.SchemaShape.Column.VectorKind;

namespace MLNet.Backprop.Tests.Integration.Schema;

public class SchemaValidationTests
{
    private static SchemaShape Shape(params SchemaShape.Column[] columns) => new(columns);

    private static SchemaShape.Column Col(string name, VectorKind kind, DataViewType type, bool isKey = false) =>
        SchemaShapes.Column(name, kind, type, isKey);

    [Fact]
    public void CheckFeatureColumn_Missing_ThrowsCouldNotFindWithRole()
    {
        var e = Should.Throw<ArgumentOutOfRangeException>(() => SchemaValidation.CheckFeatureColumn(Shape(), "Features"));

        e.ParamName.ShouldBe("feature");
        e.Message.ShouldStartWith("Could not find feature column 'Features'");
    }

    [Theory]
    [InlineData(VectorKind.Scalar, false)]
    [InlineData(VectorKind.VariableVector, false)]
    [InlineData(VectorKind.Vector, true)]
    public void CheckFeatureColumn_NotKnownSizeSingleVector_ThrowsSchemaMismatch(VectorKind kind, bool text)
    {
        DataViewType item = text ? TextDataViewType.Instance : NumberDataViewType.Single;
        var shape = Shape(Col("Features", kind, item));

        var e = Should.Throw<ArgumentOutOfRangeException>(() => SchemaValidation.CheckFeatureColumn(shape, "Features"));

        e.ParamName.ShouldBe("feature");
        e.Message.ShouldStartWith("Schema mismatch for feature column 'Features': expected known-size Vector<Single>, got ");
    }

    [Fact]
    public void CheckFeatureColumn_KnownSizeSingleVector_Passes()
    {
        SchemaValidation.CheckFeatureColumn(Shape(Col("F", VectorKind.Vector, NumberDataViewType.Single)), "F").Name.ShouldBe("F");
    }

    [Theory]
    [InlineData(nameof(PredictionKind.BinaryClassification), "Boolean")]
    [InlineData(nameof(PredictionKind.MulticlassClassification), "Key")]
    [InlineData(nameof(PredictionKind.Regression), "Single")]
    public void CheckLabelColumn_TextLabel_ThrowsExpectedVersusActual(string task, string expected)
    {
        var kind = Enum.Parse<PredictionKind>(task);
        var shape = Shape(Col("Label", VectorKind.Scalar, TextDataViewType.Instance));

        var e = Should.Throw<ArgumentOutOfRangeException>(() => SchemaValidation.CheckLabelColumn(shape, "Label", kind));

        e.ParamName.ShouldBe("label");
        e.Message.ShouldStartWith($"Schema mismatch for label column 'Label': expected {expected}, got String");
    }

    [Theory]
    [InlineData(nameof(PredictionKind.BinaryClassification))]
    [InlineData(nameof(PredictionKind.MulticlassClassification))]
    [InlineData(nameof(PredictionKind.Regression))]
    public void CheckLabelColumn_RightTypeForTask_Passes(string task)
    {
        var kind = Enum.Parse<PredictionKind>(task);
        var column = kind switch
        {
            PredictionKind.BinaryClassification => Col("L", VectorKind.Scalar, BooleanDataViewType.Instance),
            PredictionKind.MulticlassClassification => Col("L", VectorKind.Scalar, NumberDataViewType.UInt32, isKey: true),
            _ => Col("L", VectorKind.Scalar, NumberDataViewType.Single),
        };

        SchemaValidation.CheckLabelColumn(Shape(column), "L", kind).Name.ShouldBe("L");
    }

    [Fact]
    public void CheckLabelColumn_Missing_ThrowsCouldNotFindLabel()
    {
        var e = Should.Throw<ArgumentOutOfRangeException>(() => SchemaValidation.CheckLabelColumn(Shape(), "Target", PredictionKind.Regression));

        e.ParamName.ShouldBe("label");
        e.Message.ShouldStartWith("Could not find label column 'Target'");
    }

    [Fact]
    public void CheckWeightColumn_NoName_ReturnsNull()
    {
        SchemaValidation.CheckWeightColumn(Shape(), null).ShouldBeNull();
        SchemaValidation.CheckWeightColumn(Shape(), "").ShouldBeNull();
    }

    [Fact]
    public void CheckWeightColumn_Double_ThrowsSchemaMismatch()
    {
        var shape = Shape(Col("W", VectorKind.Scalar, NumberDataViewType.Double));

        var e = Should.Throw<ArgumentOutOfRangeException>(() => SchemaValidation.CheckWeightColumn(shape, "W"));

        e.ParamName.ShouldBe("weight");
        e.Message.ShouldStartWith("Schema mismatch for weight column 'W': expected Single, got Double");
    }

    [Fact]
    public void CheckFeatureColumn_DataViewSchemaWrongSize_NamesExpectedAndActualSize()
    {
        var schema = new MLContext(0).Data.LoadFromEnumerable(PlumbingData.Binary(2)).Schema;

        var e = Should.Throw<ArgumentOutOfRangeException>(() => SchemaValidation.CheckFeatureColumn(schema, "Features", expectedSize: 5));

        e.ParamName.ShouldBe("feature");
        e.Message.ShouldStartWith("Schema mismatch for feature column 'Features': expected Vector<Single, 5>, got Vector<Single, 3>");
    }

    [Fact]
    public void CheckLabelColumn_DataViewSchemaBooleanForRegression_ThrowsExpectedSingleGotBoolean()
    {
        var schema = new MLContext(0).Data.LoadFromEnumerable(PlumbingData.Binary(2)).Schema;

        var e = Should.Throw<ArgumentOutOfRangeException>(() => SchemaValidation.CheckLabelColumn(schema, "Label", PredictionKind.Regression));

        e.Message.ShouldStartWith("Schema mismatch for label column 'Label': expected Single, got Boolean");
    }

    [Fact]
    public void CheckLabelColumn_VectorLabelForRegression_SaysOneModelPerTarget()
    {
        var shape = Shape(Col("Targets", VectorKind.Vector, NumberDataViewType.Single));
        var schema = new MLContext(0).Data.LoadFromEnumerable(new[] { new Targets() }).Schema;

        var fromShape = Should.Throw<ArgumentOutOfRangeException>(() => SchemaValidation.CheckLabelColumn(shape, "Targets", PredictionKind.Regression));
        var fromSchema = Should.Throw<ArgumentOutOfRangeException>(() => SchemaValidation.CheckLabelColumn(schema, "Targets", PredictionKind.Regression));

        fromShape.Message.ShouldContain("train one model per target, each on its own Single label column");
        fromSchema.Message.ShouldStartWith("Schema mismatch for label column 'Targets': expected Single, got Vector<Single, 3> (a model predicts one number: " +
            "train one model per target");
    }

    [Fact]
    public void CheckLabelColumn_TextLabelForRegression_HasNoTargetHint()
    {
        var shape = Shape(Col("Label", VectorKind.Scalar, TextDataViewType.Instance));

        var e = Should.Throw<ArgumentOutOfRangeException>(() => SchemaValidation.CheckLabelColumn(shape, "Label", PredictionKind.Regression));

        e.Message.ShouldNotContain("per target");
    }

    private sealed class Targets
    {
        [VectorType(3), ColumnName("Targets")]
        public float[] Values { get; set; } = new float[3];
    }
}
