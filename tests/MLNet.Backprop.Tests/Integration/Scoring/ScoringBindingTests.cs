using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests.Integration.Scoring;

/// <summary>
/// A binding of a model that stored its training slot names reads the data's names once: GetOutputSchema,
/// GetRowToRowMapper and Transform each call the <c>SlotNames</c> getter once, whether the names pass or are refused
/// (building them is most of a wide vector's binding: 177,833 FeaturizeText names, tens of milliseconds and 33 MB). A
/// pipeline that ML.NET binds twice (its PredictionEngine, TransformerChain.Transform) builds each schema anew, so
/// nothing shared tells the second binding that the first passed: each reads the names once.
/// </summary>
public class ScoringBindingTests
{
    private static readonly MLContext Ml = new(seed: 1);
    internal static readonly string[] Names = ["Contract.Month-to-month", "Contract.One year", "Contract.Two year", "Tenure"];

    private sealed class Row
    {
        [VectorType(4)]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }

    private static readonly Lazy<BackpropTransformer> Trained = new(() =>
    {
        var random = new Random(1);
        var rows = Enumerable.Range(0, 120).Select(i =>
        {
            var x = Enumerable.Range(0, Names.Length).Select(_ => (float)random.NextDouble()).ToArray();
            return new Row { Features = x, Label = x[0] + x[3] > 1 };
        }).ToList();
        var definition = SchemaDefinition.Create(typeof(Row));
        var names = Names.Select(n => n.AsMemory()).ToArray();
        definition[nameof(Row.Features)].AddAnnotation("SlotNames", new VBuffer<ReadOnlyMemory<char>>(names.Length, names),
            new VectorDataViewType(TextDataViewType.Instance, names.Length));
        var options = new BackpropTrainer.Options { HiddenLayers = [4], NumberOfEpochs = 2, EnsembleSize = 1, Seed = 3, RecordDiagnostics = false };
        return Ml.BinaryClassification.Trainers.Backprop(options).Fit(Ml.Data.LoadFromEnumerable(rows, definition));
    });

    /// <summary>A binary model trained on four slots named <see cref="Names"/>, which it stored.</summary>
    internal static BackpropTransformer Model => Trained.Value;

    /// <summary>A data view that is only a schema: binding reads no row.</summary>
    private sealed class SchemaOnly(DataViewSchema schema) : IDataView
    {
        public bool CanShuffle => false;

        public DataViewSchema Schema => schema;

        public long? GetRowCount() => 0;

        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
            throw new NotSupportedException("Only the binding is tested.");

        public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
            throw new NotSupportedException("Only the binding is tested.");
    }

    private static string[] Moved => [Names[1], Names[0], Names[2], Names[3]];

    [Fact]
    public void GetOutputSchema_TrainedNames_ReadsThemOnce()
    {
        var data = new CountedSlotNames(Names);

        Model.GetOutputSchema(data.Schema);

        data.Reads.ShouldBe(1);
    }

    [Fact]
    public void GetRowToRowMapper_TrainedNames_ReadsThemOnce()
    {
        var data = new CountedSlotNames(Names);

        Model.GetRowToRowMapper(data.Schema);

        data.Reads.ShouldBe(1);
    }

    [Fact]
    public void Transform_TrainedNames_ReadsThemOnce()
    {
        var data = new CountedSlotNames(Names);

        Model.Transform(new SchemaOnly(data.Schema));

        data.Reads.ShouldBe(1);
    }

    [Fact]
    public void GetOutputSchemaGetRowToRowMapperAndTransform_NamesMoved_RefusedAfterReadingThemOnceEach()
    {
        var data = new CountedSlotNames(Moved);

        Should.Throw<ArgumentOutOfRangeException>(() => Model.GetOutputSchema(data.Schema)).ParamName.ShouldBe("feature");
        data.Reads.ShouldBe(1);
        Should.Throw<ArgumentOutOfRangeException>(() => Model.GetRowToRowMapper(data.Schema)).ParamName.ShouldBe("feature");
        data.Reads.ShouldBe(2);
        var e = Should.Throw<ArgumentOutOfRangeException>(() => Model.Transform(new SchemaOnly(data.Schema)));
        data.Reads.ShouldBe(3);
        e.Message.ShouldContain($"slot 0 is '{Names[1]}' in the data being scored but '{Names[0]}' in the model");
    }

    [Fact]
    public void GetOutputSchema_SparseNamesBufferOneSlotUnnamed_ScoresAsNamedOnOneSideOnly()
    {
        var data = new CountedSlotNames([Names[0], Names[1], "", Names[3]], sparse: true);

        Model.GetOutputSchema(data.Schema).GetColumnOrNull("Score").ShouldNotBeNull();

        data.Reads.ShouldBe(1);
    }

    [Fact]
    public void GetOutputSchema_SparseNamesBufferNamesMoved_RefusedNamingTheSlot()
    {
        var data = new CountedSlotNames([Names[0], "", Names[3], Names[2]], sparse: true);

        var e = Should.Throw<ArgumentOutOfRangeException>(() => Model.GetOutputSchema(data.Schema));

        e.ParamName.ShouldBe("feature");
        e.Message.ShouldContain($"slot 2 is '{Names[3]}' in the data being scored but '{Names[2]}' in the model, which had '{Names[3]}' at slot 3");
    }

    [Fact]
    public void TransformerChainTransform_TrainedNames_BoundTwiceByMlNetEachReadingThemOnce()
    {
        // TransformerChain.Transform calls GetOutputSchema on the chain before Transform on each transformer: two bindings.
        var data = new CountedSlotNames(Names);

        new TransformerChain<ITransformer>(Model).Transform(new SchemaOnly(data.Schema));

        data.Reads.ShouldBe(2);
    }
}
