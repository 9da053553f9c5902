using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests;

public class BackpropTrainerFocalLossTests
{
    [Fact]
    public void Fit_BinaryFocal_LearnsAndKeepsTheLossInTheModel()
    {
        var ml = new MLContext(seed: 1);
        var data = Tabular.Load(ml, 600, 2);
        // The plain stage: with the default's periodic embeddings and these 30 fixed epochs (no early stopping) the focal
        // fit overfits these 600 rows, test AUC 0.771 (0.995 with the automatic epochs; cross-entropy 0.996).
        var model = ml.BinaryClassification.Trainers.Backprop(new BackpropTrainer.Options
        {
            Loss = LossFunction.BinaryFocal, FocalGamma = 1.5f, Seed = 3, NumberOfEpochs = 30, EnsembleSize = 1, NumericEncoding = NumericEncoding.None,
        }).Fit(data);
        model.Model.Loss.ShouldBe(LossFunction.BinaryFocal);
        ml.BinaryClassification.Evaluate(model.Transform(Tabular.Load(ml, 400, 9))).AreaUnderRocCurve.ShouldBeGreaterThan(0.85);
    }

    [Fact]
    public void Fit_BinaryFocal_SavedAndLoadedScoresTheSame()
    {
        var ml = new MLContext(seed: 1);
        var data = Tabular.Load(ml, 300, 2);
        var model = ml.BinaryClassification.Trainers.Backprop(new BackpropTrainer.Options { Loss = LossFunction.BinaryFocal, Seed = 3, NumberOfEpochs = 5, EnsembleSize = 1 }).Fit(data);
        var stream = new MemoryStream();
        ml.Model.SaveBackprop(model, data.Schema, stream);
        stream.Position = 0;
        var loaded = ml.Model.LoadBackprop(stream, out _);
        loaded.Transform(data).GetColumn<float>("Probability").ShouldBe(model.Transform(data).GetColumn<float>("Probability"));
    }

    [Fact]
    public void Fit_SoftmaxFocal_LearnsTheQuadrants()
    {
        var ml = new MLContext(seed: 1);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", "Class")
            .Append(ml.MulticlassClassification.Trainers.Backprop(new BackpropTrainer.Options { Loss = LossFunction.SoftmaxFocal, Seed = 3, NumberOfEpochs = 30, EnsembleSize = 1 }));
        var model = pipeline.Fit(Tabular.Load(ml, 600, 2));
        ml.MulticlassClassification.Evaluate(model.Transform(Tabular.Load(ml, 400, 9))).MacroAccuracy.ShouldBeGreaterThan(0.8);
    }

    [Fact]
    public void Fit_FocalOnRegression_ThrowsNamingTheLoss()
    {
        var ml = new MLContext(seed: 1);
        Should.Throw<ArgumentOutOfRangeException>(() => ml.Regression.Trainers.Backprop(new BackpropTrainer.Options { LabelColumnName = "Value", Loss = LossFunction.BinaryFocal })
            .Fit(Tabular.Load(ml, 20, 1))).Message.ShouldContain("BinaryFocal");
    }
}
