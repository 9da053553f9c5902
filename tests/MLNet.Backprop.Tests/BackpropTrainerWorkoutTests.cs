using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Integration.Schema;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests;

/// <summary>The estimator "workout": schema propagation, bad columns, save and reload with identical scores.</summary>
public class BackpropTrainerWorkoutTests
{
    private static BackpropTrainer.Options Quick(string label = "Label") => new() { LabelColumnName = label, HiddenLayers = [8], NumberOfEpochs = 2, Seed = 3 };

    public static TheoryData<string, string> Tasks => new() { { "binary", "Label" }, { "multiclass", "Key" }, { "regression", "Value" } };

    private static IEstimator<ITransformer> Pipeline(MLContext ml, string task) => task switch
    {
        "multiclass" => ml.Transforms.Conversion.MapValueToKey("Key", "Class").Append(new BackpropTrainer(ml, Quick("Key"))),
        _ => new BackpropTrainer(ml, Quick(task == "binary" ? "Label" : "Value")),
    };

    [Theory]
    [MemberData(nameof(Tasks))]
    public void GetOutputSchema_EachTask_MatchesTransformedSchemaIncludingAnnotations(string task, string label)
    {
        var ml = new MLContext(seed: 1);
        var data = Tabular.Load(ml, 200, 1);
        var estimator = Pipeline(ml, task);
        var shape = estimator.GetOutputSchema(SchemaShapes(data.Schema));
        var actual = estimator.Fit(data).Transform(data).Schema;

        foreach (var column in shape)
        {
            var real = actual[column.Name];
            column.ItemType.ShouldBe(real.Type is VectorDataViewType v ? v.ItemType : real.Type is KeyDataViewType ? NumberDataViewType.UInt32 : real.Type, column.Name);
            column.IsKey.ShouldBe(real.Type is KeyDataViewType, column.Name);
            foreach (var annotation in column.Annotations)
                real.Annotations.Schema.GetColumnOrNull(annotation.Name).ShouldNotBeNull($"{column.Name}.{annotation.Name}");
        }
        actual.Select(c => c.Name).ShouldContain("Score");
        _ = label;
    }

    [Fact]
    public void MapKeyToValueAfterTrainer_ChainFits()
    {
        var ml = new MLContext(seed: 1);
        var pipeline = Pipeline(ml, "multiclass").Append(ml.Transforms.Conversion.MapKeyToValue("PredictedClass", "PredictedLabel"));
        Should.NotThrow(() => pipeline.Fit(Tabular.Load(ml, 200, 1)));
    }

    [Theory]
    [InlineData("Missing", "Features", null, "label")]
    [InlineData("Label", "Missing", null, "feature")]
    [InlineData("Label", "Features", "Missing", "weight")]
    [InlineData("Class", "Features", null, "label")]
    public void Fit_BadColumn_ThrowsNamingRoleAndColumn(string label, string features, string? weight, string role)
    {
        var ml = new MLContext(seed: 1);
        var trainer = new BackpropTrainer(ml, new BackpropTrainer.Options { LabelColumnName = label, FeatureColumnName = features, ExampleWeightColumnName = weight, Task = BackpropTask.BinaryClassification });
        var data = Tabular.Load(ml, 20, 1);
        var ex = Should.Throw<ArgumentOutOfRangeException>(() => trainer.Fit(data));
        ex.ParamName.ShouldBe(role);
        ex.Message.ShouldContain($"'{(role == "label" ? label : role == "feature" ? features : weight)}'");
        Should.Throw<ArgumentOutOfRangeException>(() => trainer.GetOutputSchema(SchemaShapes(data.Schema))).ParamName.ShouldBe(role);
    }

    [Fact]
    public void Fit_AutoTaskOnTextLabel_ExplainsWhatIsExpected()
    {
        var ml = new MLContext();
        var ex = Should.Throw<ArgumentOutOfRangeException>(() => new BackpropTrainer(ml, Quick("Class")).Fit(Tabular.Load(ml, 20, 1)));
        ex.Message.ShouldContain("Boolean");
        ex.Message.ShouldContain("MapValueToKey");
    }

    [Fact]
    public void Fit_VariableSizeFeatures_ThrowsNamingColumn()
    {
        var ml = new MLContext();
        var data = ml.Data.LoadFromEnumerable([new VariableRow { Features = [1, 2], Label = true }, new VariableRow { Features = [1], Label = false }]);
        var ex = Should.Throw<ArgumentOutOfRangeException>(() => new BackpropTrainer(ml, Quick()).Fit(data));
        ex.Message.ShouldContain("'Features'");
    }

    [Theory]
    [MemberData(nameof(Tasks))]
    public void SaveBackprop_ThenLoad_BitIdenticalScoresAndRealTransformerType(string task, string label)
    {
        var ml = new MLContext(seed: 1);
        var data = Tabular.Load(ml, 300, 1);
        var model = Pipeline(ml, task).Fit(data);
        var path = Path.Combine(Path.GetTempPath(), $"backprop-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.SaveBackprop(model, data.Schema, path);
            var loaded = new MLContext().Model.LoadBackprop(path, out var schema);
            schema.Select(c => c.Name).ShouldBe(data.Schema.Select(c => c.Name));
            var test = Tabular.Load(ml, 100, 2);
            Scores(model.Transform(test)).ShouldBe(Scores(loaded.Transform(test)));
            var mlp = ((IEnumerable<ITransformer>)loaded).OfType<BackpropTransformer>().Single();
            mlp.Model.History.Epochs.Count.ShouldBe(2);
        }
        finally { File.Delete(path); }
        _ = label;
    }

    [Fact]
    public void MLNetModelSave_WithoutOnnxPackage_ThrowsNamingThePackageAndSaveBackprop()
    {
        // This test assembly does not reference MLNet.Backprop.Onnx, so the provider cannot be found.
        MlNetModelSaving.Find().ShouldBeNull();
        var ml = new MLContext(seed: 1);
        var data = Tabular.Load(ml, 50, 1);
        var model = new BackpropTrainer(ml, Quick()).Fit(data);
        var ex = Should.Throw<Exception>(() => ml.Model.Save(model, data.Schema, new MemoryStream()));
        var inner = ex as NotSupportedException ?? ex.GetBaseException();
        inner.ShouldBeOfType<NotSupportedException>();
        inner.Message.ShouldContain("<PackageReference Include=\"MLNet.Backprop.Onnx\" />");
        inner.Message.ShouldContain("SaveBackprop");
    }

    [Fact]
    public void SaveBackprop_WithoutEpochHistory_SmallerFileSameScoresDiagnosisKept()
    {
        var ml = new MLContext(seed: 1);
        var data = Tabular.Load(ml, 300, 1);
        var model = Pipeline(ml, "binary").Fit(data);
        using var full = new MemoryStream();
        using var lean = new MemoryStream();
        ml.Model.SaveBackprop(model, data.Schema, full, includeEpochHistory: true);
        ml.Model.SaveBackprop(model, data.Schema, lean, includeEpochHistory: false);
        lean.Length.ShouldBeLessThan(full.Length);

        lean.Position = 0;
        var loaded = ml.Model.LoadBackprop(lean, out _);
        var original = ((BackpropTransformer)model).Model;
        var mlp = ((IEnumerable<ITransformer>)loaded).OfType<BackpropTransformer>().Single().Model;
        mlp.History.Epochs.ShouldBeEmpty();
        mlp.History.BestEpoch.ShouldBe(original.History.BestEpoch);
        mlp.History.StopReason.ShouldBe(original.History.StopReason);
        mlp.Diagnosis.Findings.Count.ShouldBe(original.Diagnosis.Findings.Count);
        var test = Tabular.Load(ml, 100, 2);
        Scores(loaded.Transform(test)).ShouldBe(Scores(model.Transform(test)));
    }

    [Fact]
    public void Transform_FromManyThreads_SameScoresAsOneThread()
    {
        var ml = new MLContext(seed: 1);
        var model = new BackpropTrainer(ml, Quick()).Fit(Tabular.Load(ml, 300, 1));
        var test = Tabular.Load(ml, 500, 2);
        var expected = Scores(model.Transform(test));
        var results = new int[8][];
        Parallel.For(0, 8, i => results[i] = Scores(model.Transform(test)));
        results.ShouldAllBe(r => r.SequenceEqual(expected));
    }

    private static int[] Scores(IDataView scored) => scored.Schema["Score"].Type is VectorDataViewType
        ? scored.GetColumn<float[]>("Score").SelectMany(v => v).Select(BitConverter.SingleToInt32Bits).ToArray()
        : scored.GetColumn<float>("Score").Select(BitConverter.SingleToInt32Bits).ToArray();

    private static SchemaShape SchemaShapes(DataViewSchema schema) => MLNet.Backprop.Integration.Schema.SchemaShapes.FromSchema(schema);

    private sealed class VariableRow
    {
        [VectorType]
        public float[] Features { get; set; } = [];
        public bool Label { get; set; }
    }
}
