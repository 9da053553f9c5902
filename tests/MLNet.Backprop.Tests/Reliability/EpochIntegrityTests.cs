using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Tests.TestSupport;
using MLNet.Backprop.Network;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests.Reliability;

/// <summary>Every epoch trains on the rows the counting pass saw, or training fails naming the difference; an epoch
/// without a positive weight, or a NaN loss, is never reported as Completed; early stopping never stops on an
/// undefined metric.</summary>
public class EpochIntegrityTests
{
    // The counting pass, the default input stage's sample pass, then epoch 1: the views below change after these.
    private const int CursorsBeforeEpoch2 = 3;

    private static BackpropTrainer.Options Streaming() => new()
    {
        // One network: the views below count the cursors opened, and the networks of an ensemble open theirs side by side.
        DataLoading = DataLoading.Streaming, StreamingBlockSize = 64, HiddenLayers = [8], NumberOfEpochs = 4, Seed = 1, EnsembleSize = 1,
    };

    [Fact]
    public void Fit_StreamingAllZeroWeights_ThrowsNamingTheWeightColumn()
    {
        var ml = new MLContext(seed: 1);
        var rows = Tabular.Rows(100, 1);
        rows.ForEach(r => r.Weight = 0f);
        var options = Streaming();
        options.ExampleWeightColumnName = "Weight";
        var ex = Should.Throw<InvalidOperationException>(() => new BackpropTrainer(ml, options).Fit(ml.Data.LoadFromEnumerable(rows)));
        ex.Message.ShouldContain("'Weight'");
        ex.Message.ShouldContain("sum to 0");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(50)]
    [InlineData(150)]
    public void Fit_StreamingViewReturningOtherRowsInALaterEpoch_ThrowsNamingEpochAndCounts(int laterRows)
    {
        var ml = new MLContext(seed: 1);
        var data = new ChangingView(Tabular.Load(ml, 100, 1), Tabular.Load(ml, laterRows, 2), unchangedCursors: CursorsBeforeEpoch2);
        var ex = Should.Throw<InvalidOperationException>(() => new BackpropTrainer(ml, Streaming()).Fit(data));
        ex.Message.ShouldContain("epoch 2");
        ex.Message.ShouldContain(laterRows > 100 ? "more than 100 rows" : $"{laterRows} rows"); // more rows fail as soon as they exceed
        ex.Message.ShouldContain("100 in the counting pass");
    }

    [Theory]
    [InlineData(50)]
    [InlineData(150)]
    public void Fit_StreamingViewReturningOtherRowsToTheSamplePass_ThrowsNamingThePassAndCounts(int laterRows)
    {
        // The default stage's sample is drawn in a pass after the counting pass: of other rows, it would not be of the
        // rows trained on.
        var ml = new MLContext(seed: 1);
        var data = new ChangingView(Tabular.Load(ml, 100, 1), Tabular.Load(ml, laterRows, 2), unchangedCursors: 1);
        var ex = Should.Throw<InvalidOperationException>(() => new BackpropTrainer(ml, Streaming()).Fit(data));
        ex.Message.ShouldContain($"{laterRows} rows in the pass that samples them");
        ex.Message.ShouldContain("100 in the counting pass");
    }

    [Fact]
    public void Fit_StreamingViewWhoseLaterWeightsAreAllZero_NeverCompletesWithANaNLoss()
    {
        var ml = new MLContext(seed: 1);
        var rows = Tabular.Rows(100, 1);
        var zero = Tabular.Rows(100, 1);
        zero.ForEach(r => r.Weight = 0f);
        var data = new ChangingView(ml.Data.LoadFromEnumerable(rows), ml.Data.LoadFromEnumerable(zero), unchangedCursors: CursorsBeforeEpoch2);
        var options = Streaming();
        options.ExampleWeightColumnName = "Weight";
        var ex = Should.Throw<InvalidOperationException>(() => new BackpropTrainer(ml, options).Fit(data));
        ex.Message.ShouldContain("epoch 2");
        ex.Message.ShouldContain("'Weight'");
    }

    [Fact]
    public void Train_EpochWithoutAnyWeight_ThrowsInsteadOfReportingNaN()
    {
        var network = NeuralNetwork.Create(new NetworkOptions { Activation = Activation.ReLU, InputSize = 2, HiddenLayers = [3], Seed = 1 });
        var data = new TrainingData([0, 1, 1, 0], 2, 2, [0, 1], weights: [0f, 0f]);
        var ex = Should.Throw<InvalidOperationException>(() => MlpTrainer.Train(network, data, new TrainingOptions { LearningRate = 1e-3f, NumberOfEpochs = 2 }));
        ex.Message.ShouldContain("epoch 1");
    }

    [Fact]
    public void Train_WeightsWhoseSumOverflowsFloat_DivergesInsteadOfReportingNaN()
    {
        // Below the data readers' weight limit (the reader refuses such weights): the engine itself never reports the NaN
        // epoch loss of a weighted sum that overflowed as a completed epoch.
        var network = NeuralNetwork.Create(new NetworkOptions { Activation = Activation.ReLU, InputSize = 2, HiddenLayers = [3], Seed = 1 });
        var data = new TrainingData([0, 1, 1, 0, 1, 1], 3, 2, [0, 1, 1], weights: [3e38f, 3e38f, 3e38f]);
        var ex = Should.Throw<TrainingDivergedException>(() => MlpTrainer.Train(network, data, new TrainingOptions { LearningRate = 1e-3f, NumberOfEpochs = 2 }));
        ex.Message.ShouldContain("epoch 1");
        ex.Message.ShouldContain("training loss");
    }

    public sealed class WideRow
    {
        [VectorType(32)]
        public float[] Features { get; set; } = [];

        public float Label { get; set; }
    }

    [Fact]
    public void Fit_LastUpdateMakesAnOutputOverflow_DivergesInsteadOfReturningTheModel()
    {
        // Fuzz case 181289 (generator of this commit), frozen: two rows, labels -8594 and 42261, batch 1, one epoch.
        // Both losses are finite (each measured before its update), the weights stay finite, yet the final weights give
        // -∞ for row 1: the model used to be returned as Completed and then scored -∞ on its own training rows.
        float[][] features =
        [
            [11.882374f, 23.210308f, 30.956776f, 14.648046f, 9.613231f, 2.0363667f, -9.869211f, -18.468178f, -7.6900253f, 7.391393f, 14.648046f,
             21.533894f, -1.3117398f, 16.372538f, -5.4931407f, 2.3728232f, -23.472876f, 14.648046f, -30.403643f, -0.81815034f, 0.13716753f,
             -21.391792f, -1.0619153f, -9.989381f, 14.648046f, 21.445757f, 13.442843f, -16.6893f, 26.945902f, -10.301173f, -4.6452765f, 14.648046f],
            [12.107988f, 8.264138f, -27.843586f, 14.648046f, -11.6371765f, -1.7787021f, 13.930473f, -1.8934767f, -7.672734f, -0.996887f, 14.648046f,
             14.814926f, -12.280665f, -17.857126f, 9.344543f, 16.258526f, 33.65852f, 14.648046f, -17.582243f, -15.040656f, -1.436483f,
             14.807389f, 16.121012f, 2.2454343f, 14.648046f, -15.320791f, 8.504128f, -16.69296f, 5.243272f, 15.017632f, 5.158673f, 14.648046f],
        ];
        var ml = new MLContext(seed: 181289);
        var data = ml.Data.LoadFromEnumerable(new[] { new WideRow { Features = features[0], Label = -8593.54f }, new WideRow { Features = features[1], Label = 42261.05f } });
        var options = new BackpropTrainer.Options
        {
            HiddenLayers = [1, 6], Activation = Activation.ELU, EluAlpha = 0.59418005f, Initialization = WeightInitialization.GlorotNormal,
            Optimizer = OptimizerKind.Momentum, LearningRate = 0.0020145762f, LearningRateSchedule = LearningRateScheduleKind.StepDecay,
            ScheduleStepSize = 4, ScheduleGamma = 0.29987898f, BatchSize = 1, NumberOfEpochs = 1, Seed = 479,
            EnsembleSize = 1, StandardizeFeatures = false, StandardizeLabel = false, // the engine the fuzz case ran on
            NumericEncoding = NumericEncoding.None, // and its input stage
        };

        var ex = Should.Throw<TrainingDivergedException>(() => new BackpropTrainer(ml, options).Fit(data));

        ex.Message.ShouldContain("non-finite output on a training row");
    }

    [Fact]
    public void Fit_BalancedWithAClassOfOnlyZeroWeights_NamesTheClassAndTheWeightColumn()
    {
        var ml = new MLContext(seed: 1);
        var rows = Tabular.Rows(100, 1);
        foreach (var row in rows.Where(r => r.Label)) row.Weight = 0f;
        var ex = Should.Throw<InvalidOperationException>(() => new BackpropTrainer(ml, new BackpropTrainer.Options
        {
            ExampleWeightColumnName = "Weight", ClassWeighting = ClassWeighting.Balanced, NumberOfEpochs = 1,
        }).Fit(ml.Data.LoadFromEnumerable(rows)));
        ex.Message.ShouldContain("Class true has only zero weights in 'Weight'");
        ex.Message.ShouldNotContain("NaN");
    }

    [Fact]
    public void Fit_AucEarlyStoppingOnOneClassValidationSplit_FallsBackToLossWithAWarning()
    {
        var ml = new MLContext(seed: 1);
        var warnings = new List<string>();
        ml.Log += (_, e) => { if (e.Kind == Microsoft.ML.Runtime.ChannelMessageKind.Warning) lock (warnings) warnings.Add(e.Message); };
        // 3 positives among 200 rows: a stratified 10 % hold-out rounds the positives' share down to none.
        var rows = Tabular.Rows(200, 1);
        int positives = 0;
        foreach (var row in rows) row.Label = row.Label && positives++ < 3;
        var options = new BackpropTrainer.Options
        {
            HiddenLayers = [8], NumberOfEpochs = 12, Seed = 1, LearningRate = 0.01f,
            ValidationFraction = 0.1f, EarlyStoppingPatience = 2, EarlyStoppingMetric = EarlyStoppingMetric.Auc,
        };

        var history = new BackpropTrainer(ml, options).Fit(ml.Data.LoadFromEnumerable(rows)).Model.History;

        warnings.ShouldContain(w => w.Contains("AUC") && w.Contains("one class") && w.Contains("validation loss"));
        history.Epochs.ShouldAllBe(e => e.ValidationMetric == e.ValidationLoss && double.IsFinite(e.ValidationMetric!.Value));
    }

    [Fact]
    public void Train_NaNValidationMetric_NeverCountsTowardsPatience()
    {
        var network = NeuralNetwork.Create(new NetworkOptions { Activation = Activation.ReLU, InputSize = 2, HiddenLayers = [3], Seed = 1 });
        var training = new TrainingData([0, 1, 1, 0, 1, 1, 0, 0], 4, 2, [0, 1, 1, 0]);
        var oneClass = new TrainingData([0, 1, 1, 0], 2, 2, [1, 1]); // AUC is undefined on it
        var history = MlpTrainer.Train(network, training, new TrainingOptions
        { LearningRate = 1e-3f,
            NumberOfEpochs = 6, EarlyStoppingPatience = 2, EarlyStoppingMetric = EarlyStoppingMetric.Auc,
        }, oneClass);
        history.Epochs.Count.ShouldBe(6);
        history.StopReason.ShouldBe(StopReason.Completed);
    }

    /// <summary>Returns <paramref name="first"/> to the first cursors, then <paramref name="later"/> (same schema).</summary>
    private sealed class ChangingView(IDataView first, IDataView later, int unchangedCursors) : IDataView
    {
        private int _cursors;
        public bool CanShuffle => false;
        public DataViewSchema Schema => first.Schema;
        public long? GetRowCount() => null;

        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
        {
            var source = _cursors++ < unchangedCursors ? first : later;
            return source.GetRowCursor(columnsNeeded.Select(c => source.Schema[c.Name]));
        }

        public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
            [GetRowCursor(columnsNeeded, rand)];
    }
}
