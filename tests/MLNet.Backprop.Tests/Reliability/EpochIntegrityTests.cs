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
    private static BackpropTrainer.Options Streaming() => new()
    {
        DataLoading = DataLoading.Streaming, StreamingBlockSize = 64, HiddenLayers = [8], NumberOfEpochs = 4, Seed = 1,
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
        var data = new ChangingView(Tabular.Load(ml, 100, 1), Tabular.Load(ml, laterRows, 2), unchangedCursors: 2);
        var ex = Should.Throw<InvalidOperationException>(() => new BackpropTrainer(ml, Streaming()).Fit(data));
        ex.Message.ShouldContain("epoch 2");
        ex.Message.ShouldContain(laterRows > 100 ? "more than 100 rows" : $"{laterRows} rows"); // more rows fail as soon as they exceed
        ex.Message.ShouldContain("100 in the counting pass");
    }

    [Fact]
    public void Fit_StreamingViewWhoseLaterWeightsAreAllZero_NeverCompletesWithANaNLoss()
    {
        var ml = new MLContext(seed: 1);
        var rows = Tabular.Rows(100, 1);
        var zero = Tabular.Rows(100, 1);
        zero.ForEach(r => r.Weight = 0f);
        var data = new ChangingView(ml.Data.LoadFromEnumerable(rows), ml.Data.LoadFromEnumerable(zero), unchangedCursors: 2);
        var options = Streaming();
        options.ExampleWeightColumnName = "Weight";
        var ex = Should.Throw<InvalidOperationException>(() => new BackpropTrainer(ml, options).Fit(data));
        ex.Message.ShouldContain("epoch 2");
        ex.Message.ShouldContain("'Weight'");
    }

    [Fact]
    public void Train_EpochWithoutAnyWeight_ThrowsInsteadOfReportingNaN()
    {
        var network = NeuralNetwork.Create(new NetworkOptions { InputSize = 2, HiddenLayers = [3], Seed = 1 });
        var data = new TrainingData([0, 1, 1, 0], 2, 2, [0, 1], weights: [0f, 0f]);
        var ex = Should.Throw<InvalidOperationException>(() => MlpTrainer.Train(network, data, new TrainingOptions { NumberOfEpochs = 2 }));
        ex.Message.ShouldContain("epoch 1");
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
        var network = NeuralNetwork.Create(new NetworkOptions { InputSize = 2, HiddenLayers = [3], Seed = 1 });
        var training = new TrainingData([0, 1, 1, 0, 1, 1, 0, 0], 4, 2, [0, 1, 1, 0]);
        var oneClass = new TrainingData([0, 1, 1, 0], 2, 2, [1, 1]); // AUC is undefined on it
        var history = MlpTrainer.Train(network, training, new TrainingOptions
        {
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
