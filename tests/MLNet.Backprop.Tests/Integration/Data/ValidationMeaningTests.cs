using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests.Integration.Data;

/// <summary>Validation data is compared with the training data by meaning, not only by type: the feature width and
/// slots, the class count and which class each key number is. Each mismatch is refused before training, naming the
/// column and both values.</summary>
public class ValidationMeaningTests
{
    private static readonly MLContext Ml = new(seed: 1);

    private static BackpropTrainer.Options Options() => new() { HiddenLayers = [8], NumberOfEpochs = 3, Seed = 1, EnsembleSize = 1 };

    private static IDataView Rows(int count, ulong seed) => Ml.Data.LoadFromEnumerable(Tabular.Rows(count, seed));

    [Fact]
    public void Fit_ValidationClassesInAnotherKeyOrder_RefusedNamingTheLabelAndAKey()
    {
        var train = Ml.Transforms.Conversion.MapValueToKey("Label", "Class").Fit(Rows(300, 1)).Transform(Rows(300, 1));
        // Fitted on other rows, with the keys in order of value: the same three classes numbered differently.
        var validation = Ml.Transforms.Conversion.MapValueToKey("Label", "Class", keyOrdinality: Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Fit(Rows(100, 2)).Transform(Rows(100, 2));
        var error = Should.Throw<ArgumentOutOfRangeException>(() => Ml.MulticlassClassification.Trainers.Backprop(Options()).Fit(train, validation));
        error.ParamName.ShouldBe("label");
        error.Message.ShouldContain("Label column 'Label' numbers its classes differently in the validation data");
        error.Message.ShouldContain("(the same classes in another order)");
    }

    [Fact]
    public void Fit_ValidationWithTheSameFittedKeyMapping_Trains()
    {
        var mapping = Ml.Transforms.Conversion.MapValueToKey("Label", "Class").Fit(Rows(300, 1));
        var model = Ml.MulticlassClassification.Trainers.Backprop(Options()).Fit(mapping.Transform(Rows(300, 1)), mapping.Transform(Rows(100, 2)));
        model.Model.History.Epochs[^1].ValidationLoss.ShouldNotBeNull();
    }

    [Fact]
    public void Fit_ValidationWithAnotherClassCount_RefusedNamingBothCounts()
    {
        var train = Ml.Transforms.Conversion.MapValueToKey("Label", "Class").Fit(Rows(300, 1)).Transform(Rows(300, 1));
        var twoClasses = Ml.Data.FilterByCustomPredicate<TabularRow>(Rows(100, 2), r => r.Class == "S");
        var validation = Ml.Transforms.Conversion.MapValueToKey("Label", "Class").Fit(twoClasses).Transform(twoClasses);
        var error = Should.Throw<ArgumentOutOfRangeException>(() => Ml.MulticlassClassification.Trainers.Backprop(Options()).Fit(train, validation));
        error.Message.ShouldContain("has 2 classes in the validation data but 3 in the training data");
    }

    [Fact]
    public void Fit_ValidationFeaturesNarrower_RefusedNamingTheColumnAndBothWidths()
    {
        var narrow = Ml.Transforms.CustomMapping<TabularRow, Three>((i, o) => o.Features = i.Features[..3], null).Fit(Rows(50, 2)).Transform(Rows(50, 2));
        var validation = Ml.Transforms.DropColumns("Features").Append(Ml.Transforms.CopyColumns("Features", "Narrow")).Fit(Rename(narrow)).Transform(Rename(narrow));
        var error = Should.Throw<ArgumentOutOfRangeException>(() => Ml.BinaryClassification.Trainers.Backprop(Options()).Fit(Rows(300, 1), validation));
        error.ParamName.ShouldBe("feature");
        error.Message.ShouldContain("Feature column 'Features' has 3 values per row in the validation data but 4 in the training data");
    }

    [Fact]
    public void Fit_ValidationOneHotEncodedByAnotherFit_RefusedNamingTheSlot()
    {
        IDataView Featurize(IDataView fitOn, IDataView data) => Ml.Transforms.Categorical.OneHotEncoding("Class")
            .Append(Ml.Transforms.Concatenate("Features", "Class", "Features")).Fit(fitOn).Transform(data);
        var train = Featurize(Rows(300, 1), Rows(300, 1));
        var reordered = Ml.Data.FilterByCustomPredicate<TabularRow>(Rows(100, 2), r => r.Class == "NE"); // "NE" seen last, so first here
        var validation = Featurize(Ml.Data.LoadFromEnumerable(Ml.Data.CreateEnumerable<TabularRow>(reordered, false).Concat(Tabular.Rows(100, 2))), Rows(100, 2));
        var error = Should.Throw<ArgumentOutOfRangeException>(() => Ml.BinaryClassification.Trainers.Backprop(Options()).Fit(train, validation));
        error.ParamName.ShouldBe("feature");
        error.Message.ShouldContain("means something else in the validation data: slot 0");
    }

    private static IDataView Rename(IDataView data) => Ml.Transforms.CopyColumns("Narrow", "Features").Fit(data).Transform(data);

    public sealed class Three
    {
        [VectorType(3)]
        public float[] Features { get; set; } = [];
    }
}
