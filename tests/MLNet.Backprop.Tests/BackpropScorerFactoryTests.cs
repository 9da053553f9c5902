using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Network.Losses;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests;

/// <summary>Scoring a model of today's defaults (4 networks behind the encoded input stage, Platt-calibrated) through every
/// path a user has: <c>PredictionEngine</c>, batch <c>Transform</c>, and both after <c>SaveBackprop</c>/<c>LoadBackprop</c>,
/// against a reference that shares nothing with the per-row scorer: each network's own batch pass
/// (<see cref="Network.NeuralNetwork.Predict(ReadOnlySpan{float}, Span{float}, int)"/>: 256-row chunks, every network
/// encoding the rows itself, the many-row GEMM kernels), then the mean, the calibration and the sigmoid written out here.</summary>
public class BackpropScorerFactoryTests
{
    [TelcoFact]
    public void Score_DefaultChurnModel_EveryPathGivesTheNetworksOwnBatchBits()
    {
        var ml = new MLContext(seed: 0);
        var (train, test) = Telco.Load(ml);
        var featurizer = Telco.Featurizer(ml).Fit(train);
        var transformer = ml.BinaryClassification.Trainers.Backprop(new BackpropTrainer.Options { Seed = 1 }).Fit(ml.Data.Cache(featurizer.Transform(train)));
        var model = transformer.Model;
        model.Networks.Count.ShouldBe(4);
        model.Network.Input.Parts.Select(p => p.GetType()).ShouldBe([typeof(PiecewiseLinearInput), typeof(ClippedFeaturesInput)]);
        model.Calibration.ShouldBe(ProbabilityCalibration.Platt);
        var testFeatures = featurizer.Transform(test);
        var rows = testFeatures.GetColumn<float[]>("Features").ToArray();
        rows.Length.ShouldBe(1401);
        uint[] expected = Bits(Reference(model, rows));

        Bits(Probabilities(transformer.Transform(testFeatures))).ShouldBe(expected, "Transform");
        Bits(Engine(ml, transformer, rows)).ShouldBe(expected, "PredictionEngine");
        var loaded = SavedAndLoaded.Reload(ml, featurizer.Append(transformer), train.Schema);
        Bits(Probabilities(loaded.Transform(test))).ShouldBe(expected, "loaded, Transform");
        var loadedModel = ((TransformerChain<ITransformer>)loaded).LastTransformer;
        Bits(Engine(ml, loadedModel, rows)).ShouldBe(expected, "loaded, PredictionEngine");
    }

    /// <summary>P(churn) of each row from the networks' batch passes: logits summed in network order, divided by the
    /// count, calibrated, then the loss's link (the sigmoid).</summary>
    private static float[] Reference(BackpropModel model, float[][] rows)
    {
        int features = rows[0].Length;
        var flat = rows.SelectMany(r => r).ToArray();
        var logits = model.Networks.Select(n =>
        {
            var values = new float[rows.Length];
            n.Predict(flat, values, rows.Length);
            return values;
        }).ToArray();
        var link = LossFunctions.Create(model.Loss);
        var probabilities = new float[rows.Length];
        Span<float> score = stackalloc float[1], probability = stackalloc float[1];
        for (int r = 0; r < rows.Length; r++)
        {
            score[0] = logits[0][r];
            for (int m = 1; m < logits.Length; m++) score[0] += logits[m][r];
            score[0] /= logits.Length;
            model.OutputCalibration!.Apply(score);
            link.Link(score, probability, 1, 1);
            probabilities[r] = probability[0];
        }
        features.ShouldBe(model.FeatureCount);
        return probabilities;
    }

    private static float[] Probabilities(IDataView scored) => scored.GetColumn<float>("Probability").ToArray();

    private static float[] Engine(MLContext ml, ITransformer model, float[][] rows)
    {
        var definition = SchemaDefinition.Create(typeof(FeatureRow));
        definition[nameof(FeatureRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, rows[0].Length);
        var engine = ml.Model.CreatePredictionEngine<FeatureRow, Prediction>(model, ignoreMissingColumns: true, inputSchemaDefinition: definition);
        return rows.Select(r => engine.Predict(new FeatureRow { Features = r }).Probability).ToArray();
    }

    private static uint[] Bits(float[] values) => values.Select(BitConverter.SingleToUInt32Bits).ToArray();

    public sealed class FeatureRow
    {
        public float[] Features { get; set; } = [];
    }

    public sealed class Prediction
    {
        public float Probability { get; set; }
    }
}
