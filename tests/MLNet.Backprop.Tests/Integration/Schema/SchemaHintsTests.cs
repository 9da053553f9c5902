using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Integration;
using MLNet.Backprop.Integration.Schema;

using VectorKind = Microsoft.ML.SchemaShape.Column.VectorKind;

namespace MLNet.Backprop.Tests.Integration.Schema;

/// <summary>A mistyped column's message names the ML.NET step that converts it (what a new user looks for next).</summary>
public class SchemaHintsTests
{
    private static readonly MLContext Ml = new(0);

    private static DataViewSchema SchemaOf<T>() where T : class, new() => Ml.Data.LoadFromEnumerable(new[] { new T() }).Schema;

    [Fact]
    public void CheckLabelColumn_TextLabelForBinaryInPipeline_HintsMapValueToBoolean()
    {
        var shape = new SchemaShape([SchemaShapes.Column("Status", VectorKind.Scalar, TextDataViewType.Instance, isKey: false)]);

        var e = Should.Throw<ArgumentOutOfRangeException>(() => SchemaValidation.CheckLabelColumn(shape, "Status", PredictionKind.BinaryClassification));

        e.Message.ShouldStartWith("Schema mismatch for label column 'Status': expected Boolean, got String (a binary label is Boolean: map the text");
        e.Message.ShouldContain("ml.Transforms.Conversion.MapValue(\"Label\", new Dictionary<string, bool>");
        e.Message.ShouldContain("\"Status\")");
    }

    [Fact]
    public void Fit_SingleZeroOneLabelForBinary_HintsConvertTypeToBoolean()
    {
        var e = Should.Throw<ArgumentOutOfRangeException>(() =>
            Ml.BinaryClassification.Trainers.Backprop(labelColumnName: "Y").Fit(Ml.Data.LoadFromEnumerable(new[] { new Rows() })));

        e.Message.ShouldContain("expected Boolean, got Single (a binary label is Boolean: ml.Transforms.Conversion.ConvertType(\"Label\", \"Y\", DataKind.Boolean)");
    }

    [Fact]
    public void CheckLabelColumn_KeyLabelForRegression_HintsMulticlassTrainer()
    {
        var schema = Ml.Transforms.Conversion.MapValueToKey("Key", "Text").Fit(Ml.Data.LoadFromEnumerable(new[] { new Rows() }))
            .Transform(Ml.Data.LoadFromEnumerable(new[] { new Rows() })).Schema;

        var e = Should.Throw<ArgumentOutOfRangeException>(() => SchemaValidation.CheckLabelColumn(schema, "Key", PredictionKind.Regression));

        e.Message.ShouldStartWith("Schema mismatch for label column 'Key': expected Single, got Key<UInt32, 0-0> (a key label is a class, not a number: " +
            "use ml.MulticlassClassification.Trainers.Backprop");
    }

    [Theory]
    [InlineData("Text", "got String")]
    [InlineData("Y", "got Single")]
    public void CheckLabelColumn_UnmappedLabelForMulticlass_HintsMapValueToKey(string column, string got)
    {
        var e = Should.Throw<ArgumentOutOfRangeException>(() => SchemaValidation.CheckLabelColumn(SchemaOf<Rows>(), column, PredictionKind.MulticlassClassification));

        e.Message.ShouldContain($"{got} (map the classes to a key first, ml.Transforms.Conversion.MapValueToKey(\"Label\", \"{column}\")");
    }

    [Fact]
    public void CheckLabelColumn_DoubleLabelForRegression_HintsConvertTypeToSingle()
    {
        var e = Should.Throw<ArgumentOutOfRangeException>(() => SchemaValidation.CheckLabelColumn(SchemaOf<Rows>(), "D", PredictionKind.Regression));

        e.Message.ShouldBe("Schema mismatch for label column 'D': expected Single, got Double (convert it with " +
            "ml.Transforms.Conversion.ConvertType(\"D\", outputKind: DataKind.Single)) (Parameter 'label')");
    }

    [Fact]
    public void CheckFeatureColumn_ScalarSingle_HintsConcatenate()
    {
        var e = Should.Throw<ArgumentOutOfRangeException>(() => SchemaValidation.CheckFeatureColumn(SchemaOf<Rows>(), "Y"));

        e.Message.ShouldContain("got Single (the features are one vector: ml.Transforms.Concatenate(\"Features\", \"Y\", ...)");
    }

    [Fact]
    public void CheckFeatureColumn_DoubleVector_HintsConvertTypeToSingle()
    {
        var e = Should.Throw<ArgumentOutOfRangeException>(() => SchemaValidation.CheckFeatureColumn(SchemaOf<Rows>(), "Doubles"));

        e.Message.ShouldContain("got Vector<Double, 2> (convert it with ml.Transforms.Conversion.ConvertType(\"Doubles\", outputKind: DataKind.Single))");
    }

    [Fact]
    public void CheckFeatureColumn_TextInPipeline_HintsFeaturizeText()
    {
        var shape = new SchemaShape([SchemaShapes.Column("review", VectorKind.Scalar, TextDataViewType.Instance, isKey: false)]);

        var e = Should.Throw<ArgumentOutOfRangeException>(() => SchemaValidation.CheckFeatureColumn(shape, "review"));

        e.Message.ShouldContain("(text must be featurized first: ml.Transforms.Text.FeaturizeText for free text");
    }

    [Fact]
    public void Fit_FloatArrayWithoutVectorType_HintsVectorTypeAttribute()
    {
        // LoadFromEnumerable makes a float[] without [VectorType(n)] a vector of unknown size. Before: the message was
        // "expected known-size Vector<Single>, got Vector<Single>", with nothing to say what differs or what fixes it.
        var data = Ml.Data.LoadFromEnumerable(Enumerable.Range(0, 8).Select(i => new Unsized { Label = i % 2 == 0, Features = [i, 1] }));

        var e = Should.Throw<ArgumentOutOfRangeException>(() => Ml.BinaryClassification.Trainers.Backprop().Fit(data));

        e.Message.ShouldContain("got Vector<Single> (its length is not fixed");
        e.Message.ShouldContain("put [VectorType(n)] on the property");
    }

    [Fact]
    public void CheckFeatureColumn_VariableVectorInPipeline_HintsAFixedLength()
    {
        var shape = new SchemaShape([SchemaShapes.Column("Values", VectorKind.VariableVector, NumberDataViewType.Single, isKey: false)]);

        var e = Should.Throw<ArgumentOutOfRangeException>(() => SchemaValidation.CheckFeatureColumn(shape, "Values"));

        e.Message.ShouldContain("(its length is not fixed");
    }

    [Fact]
    public void CheckWeightColumn_Double_HintsConvertTypeToSingle()
    {
        var e = Should.Throw<ArgumentOutOfRangeException>(() => SchemaValidation.CheckWeightColumn(SchemaOf<Rows>(), "D"));

        e.Message.ShouldContain("expected Single, got Double (convert it with ml.Transforms.Conversion.ConvertType(\"D\", outputKind: DataKind.Single))");
    }

    private sealed class Unsized
    {
        public bool Label { get; set; }
        public float[] Features { get; set; } = [];
    }

    private sealed class Rows
    {
        public float Y { get; set; }
        public double D { get; set; }
        public string Text { get; set; } = "a";
        [VectorType(2)] public double[] Doubles { get; set; } = [1, 2];
        [VectorType(2)] public float[] Features { get; set; } = [1, 2];
    }
}
