using Microsoft.ML;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests.Reliability;

/// <summary>A bad row of the validation data passed to <c>Fit(train, validation)</c> is named as the validation data's:
/// "row 2" alone sends the user to the training data's row 2.</summary>
public class ValidationDataErrorTests
{
    private readonly MLContext _ml = new(seed: 1);

    [Fact]
    public void Fit_NaNFeatureInValidationRow_ThrowsNamingTheValidationDataRowAndSlot()
    {
        var validation = Tabular.Rows(20, 2);
        validation[2].Features[1] = float.NaN;
        var ex = Should.Throw<InvalidOperationException>(() => new BackpropTrainer(_ml, new BackpropTrainer.Options { NumberOfEpochs = 2 })
            .Fit(Tabular.Load(_ml, 60, 1), _ml.Data.LoadFromEnumerable(validation)));
        ex.Message.ShouldStartWith("In the validation data: ");
        ex.Message.ShouldContain("'Features'");
        ex.Message.ShouldContain("row 2");
        ex.Message.ShouldContain("slot 1");
    }

    [Fact]
    public void Fit_NegativeWeightInValidationRow_ThrowsNamingTheValidationDataAndColumn()
    {
        var validation = Tabular.Rows(20, 2);
        validation[4].Weight = -1;
        var ex = Should.Throw<InvalidOperationException>(() => new BackpropTrainer(_ml, new BackpropTrainer.Options { ExampleWeightColumnName = "Weight", NumberOfEpochs = 2 })
            .Fit(Tabular.Load(_ml, 60, 1), _ml.Data.LoadFromEnumerable(validation)));
        ex.Message.ShouldStartWith("In the validation data: ");
        ex.Message.ShouldContain("Weight column 'Weight' is -1 in row 4");
    }

    [Fact]
    public void Fit_NaNFeatureInTrainingRow_MessageHasNoValidationPrefix()
    {
        var training = Tabular.Rows(60, 1);
        training[5].Features[0] = float.NaN;
        var ex = Should.Throw<InvalidOperationException>(() => new BackpropTrainer(_ml, new BackpropTrainer.Options { NumberOfEpochs = 2 })
            .Fit(_ml.Data.LoadFromEnumerable(training), Tabular.Load(_ml, 20, 2)));
        ex.Message.ShouldStartWith("Feature column 'Features' holds NaN at slot 0 in row 5");
    }

    [Fact]
    public void Fit_ValidationDataWithoutTheFeatureColumn_ThrowsNamingTheValidationData()
    {
        var validation = _ml.Transforms.DropColumns("Features").Fit(Tabular.Load(_ml, 20, 2)).Transform(Tabular.Load(_ml, 20, 2));

        var ex = Should.Throw<ArgumentOutOfRangeException>(() => new BackpropTrainer(_ml, new BackpropTrainer.Options { NumberOfEpochs = 2 })
            .Fit(Tabular.Load(_ml, 60, 1), validation));

        ex.Message.ShouldStartWith("Could not find feature column 'Features' in the validation data");
    }

    [Fact]
    public void Fit_ValidationLabelOfAnotherType_ThrowsNamingTheValidationData()
    {
        var validation = _ml.Transforms.CopyColumns("Label", "Class").Fit(Tabular.Load(_ml, 20, 2)).Transform(Tabular.Load(_ml, 20, 2));

        var ex = Should.Throw<ArgumentOutOfRangeException>(() => new BackpropTrainer(_ml, new BackpropTrainer.Options { NumberOfEpochs = 2 })
            .Fit(Tabular.Load(_ml, 60, 1), validation));

        ex.Message.ShouldStartWith("Schema mismatch for label column 'Label' in the validation data: expected Boolean, got String");
    }

    [Fact]
    public void Fit_TrainingDataWithoutTheFeatureColumn_MessageNamesNoOtherData()
    {
        var training = _ml.Transforms.DropColumns("Features").Fit(Tabular.Load(_ml, 20, 2)).Transform(Tabular.Load(_ml, 60, 1));

        var ex = Should.Throw<ArgumentOutOfRangeException>(() => new BackpropTrainer(_ml, new BackpropTrainer.Options { NumberOfEpochs = 2 })
            .Fit(training, Tabular.Load(_ml, 20, 2)));

        ex.Message.ShouldBe("Could not find feature column 'Features' (Parameter 'feature')");
    }
}
