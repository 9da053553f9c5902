using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Network;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Network.Losses;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests;

/// <summary>Ensembles of 4 to 8 networks, whose layers after the first the per-row scorer advances together
/// (<see cref="EnsembleScoringPass"/>), scored through every path a user has (Transform, one PredictionEngine per thread,
/// both after <c>SaveBackprop</c>/<c>LoadBackprop</c> of the whole pipeline; <c>ml.Model.Save</c> writes the ONNX graph,
/// whose tests are MLNet.Backprop.Onnx.Tests') against each network's own batch pass of all rows
/// (a workspace of every row, nothing shared between the networks), then the mean, the target scaling, the calibration and
/// the link written out here: the same bits, for the three tasks, embedding tables, a sparse block and both input stages.</summary>
public class BackpropScorerFactoryEnsembleTests
{
    private const int DenseWidth = 5, SparseWidth = 400, Rows = 300;

    public sealed class Row
    {
        public VBuffer<float> Features { get; set; }
        public string User { get; set; } = "";
        public string Item { get; set; } = "";
        public string Class { get; set; } = "";
        public bool Label { get; set; }
        public float Value { get; set; }
    }

    /// <summary>Rows of dense features (or a wide sparse vector, 1 to 3 of 400 slots set), two id columns (users 40, items
    /// 7, some ids of the scoring rows never seen in training) and a label of each task.</summary>
    private static IDataView Load(MLContext ml, int count, int seed, bool sparse)
    {
        var random = new Random(seed);
        var rows = Enumerable.Range(0, count).Select(_ =>
        {
            VBuffer<float> features;
            float signal;
            if (sparse)
            {
                var slots = new SortedSet<int>();
                int set = 1 + random.Next(3);
                while (slots.Count < set) slots.Add(random.Next(SparseWidth));
                var values = slots.Select(_ => (float)(random.NextDouble() + 0.5)).ToArray();
                features = new VBuffer<float>(SparseWidth, slots.Count, values, [.. slots]);
                signal = slots.Zip(values, (s, v) => (s % 5 - 2) * v).Sum();
            }
            else
            {
                var values = Enumerable.Range(0, DenseWidth).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();
                features = new VBuffer<float>(DenseWidth, values);
                signal = values[0] - 0.5f * values[1] * values[2];
            }
            int user = random.Next(seed == 1 ? 40 : 45), item = random.Next(7);
            float value = 30f * (signal + (user % 3 - 1) + 0.4f * MathF.Cos(item)) + 100f; // a target far from 0 and 1: scaled
            return new Row
            {
                Features = features, User = $"u{user}", Item = $"i{item}", Label = value > 100f, Value = value,
                Class = value < 80f ? "low" : value < 120f ? "mid" : "high",
            };
        }).ToList();
        return ml.Data.LoadFromEnumerable(rows, Schema(sparse));
    }

    private static SchemaDefinition Schema(bool sparse)
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, sparse ? SparseWidth : DenseWidth);
        return schema;
    }

    private static IEstimator<ITransformer> Pipeline(MLContext ml, BackpropTask task, int networks, bool keys, bool sparse, NumericEncoding? encoding)
    {
        var options = new BackpropTrainer.Options
        {
            HiddenLayers = [12, 9], NumberOfEpochs = 3, EnsembleSize = networks, Seed = 7, RecordDiagnostics = false, Task = task,
            CategoricalColumnNames = keys ? ["UserKey", "ItemKey"] : [], SparseInput = sparse,
            LabelColumnName = task == BackpropTask.Regression ? "Value" : "Label",
        };
        if (encoding is { } e) options.NumericEncoding = e;
        IEstimator<ITransformer> front = ml.Transforms.Conversion.MapValueToKey([new("UserKey", "User"), new("ItemKey", "Item")]);
        if (task == BackpropTask.MulticlassClassification)
            front = front.Append(ml.Transforms.Conversion.MapValueToKey("Label", "Class"));
        return task switch
        {
            BackpropTask.BinaryClassification => front.Append(ml.BinaryClassification.Trainers.Backprop(options)),
            BackpropTask.MulticlassClassification => front.Append(ml.MulticlassClassification.Trainers.Backprop(options)),
            _ => front.Append(ml.Regression.Trainers.Backprop(options)),
        };
    }

    [Theory]
    [InlineData(BackpropTask.BinaryClassification, 4, false, false, null)] // today's default input stage
    [InlineData(BackpropTask.BinaryClassification, 5, false, false, NumericEncoding.None)] // a group of four and one on its own
    [InlineData(BackpropTask.Regression, 7, true, false, null)] // target scaling, embedding tables
    [InlineData(BackpropTask.MulticlassClassification, 8, true, false, NumericEncoding.None)] // two groups, three outputs
    [InlineData(BackpropTask.MulticlassClassification, 4, true, false, null)]
    [InlineData(BackpropTask.BinaryClassification, 4, false, true, null)] // the sparse block
    [InlineData(BackpropTask.Regression, 5, true, true, null)]
    public void Score_EnsembleOfFourOrMore_EveryPathGivesTheNetworksOwnBatchBits(BackpropTask task, int networks, bool keys, bool sparse, NumericEncoding? encoding)
    {
        var ml = new MLContext(seed: 1);
        var train = Load(ml, Rows, 1, sparse);
        var test = Load(ml, 120, 2, sparse);
        var pipeline = Pipeline(ml, task, networks, keys, sparse, encoding).Fit(train);
        var model = ((BackpropTransformer)((IEnumerable<ITransformer>)pipeline).Last()).Model;
        model.Networks.Count.ShouldBe(networks);
        EnsembleScoringPass.For(model.Networks, model.Networks.Select(n => new Workspace(n, 1)).ToArray()).ShouldNotBeNull();
        var scored = pipeline.Transform(test);
        uint[] expected = Bits(Reference(model, scored, keys, sparse));

        Bits(Outputs(task, scored)).ShouldBe(expected, "Transform");
        Bits(Engines(ml, pipeline, test, task, sparse)).ShouldBe(expected, "a PredictionEngine per thread");
        var loaded = SavedAndLoaded.Reload(ml, pipeline, train.Schema);
        Bits(Outputs(task, loaded.Transform(test))).ShouldBe(expected, "loaded, Transform");
        Bits(Engines(ml, loaded, test, task, sparse)).ShouldBe(expected, "loaded, a PredictionEngine per thread");
    }

    /// <summary>Each row's outputs (a probability, the regression value, or the class probabilities) from the networks'
    /// batch passes: logits summed in network order, divided by the count, the target scaling, the calibration, the link.</summary>
    private static float[] Reference(BackpropModel model, IDataView scored, bool keys, bool sparse)
    {
        // Copied as read: the column's enumeration reuses one buffer.
        var features = scored.GetColumn<VBuffer<float>>("Features").Select(v =>
        {
            VBuffer<float> copy = default;
            v.CopyTo(ref copy);
            return copy;
        }).ToArray();
        int rows = features.Length, outputs = model.Network.OutputSize;
        var dense = sparse ? [] : features.SelectMany(f => f.DenseValues()).ToArray();
        var offsets = new int[rows + 1];
        var indices = new List<int>();
        var values = new List<float>();
        for (int r = 0; r < rows && sparse; r++)
        {
            indices.AddRange(features[r].GetIndices().ToArray());
            values.AddRange(features[r].GetValues().ToArray());
            offsets[r + 1] = indices.Count;
        }
        int[] keyValues = keys
            ? scored.GetColumn<uint>("UserKey").Zip(scored.GetColumn<uint>("ItemKey"), (u, i) => new[] { (int)u, (int)i }).SelectMany(k => k).ToArray()
            : [];
        if (keys) model.Network.Input.Shape.KeyColumns.ShouldBe(2);
        model.Network.Input.Shape.SparseWidth.ShouldBe(sparse ? SparseWidth : 0);
        var logits = model.Networks.Select(n => n.Forward(new Workspace(n, rows),
            sparse ? new InputView(rows, [], offsets, [.. indices], [.. values], keyValues) : new InputView(rows, dense, keys: keyValues),
            training: false, null, 1).ToArray()).ToArray();
        var link = LossFunctions.Create(model.Loss);
        var result = new float[rows * outputs];
        var score = new float[outputs];
        var prediction = new float[outputs];
        for (int r = 0; r < rows; r++)
        {
            for (int j = 0; j < outputs; j++)
            {
                score[j] = logits[0][r * outputs + j];
                for (int m = 1; m < logits.Length; m++) score[j] += logits[m][r * outputs + j];
                score[j] /= logits.Length;
                if (model.TargetScale != 1f || model.TargetOffset != 0f) score[j] = score[j] * model.TargetScale + model.TargetOffset;
            }
            if (model.OutputCalibration is { IsIdentity: false } calibration) calibration.Apply(score);
            link.Link(score, prediction, 1, outputs);
            prediction.CopyTo(result, r * outputs);
        }
        return result;
    }

    private static float[] Outputs(BackpropTask task, IDataView scored) => task switch
    {
        BackpropTask.BinaryClassification => scored.GetColumn<float>("Probability").ToArray(),
        BackpropTask.MulticlassClassification => scored.GetColumn<VBuffer<float>>("Score").SelectMany(s => s.DenseValues()).ToArray(),
        _ => scored.GetColumn<float>("Score").ToArray(),
    };

    /// <summary>The rows scored by three PredictionEngines of one model, each on its own thread, each row by all three; the
    /// engines must agree, and their outputs are returned.</summary>
    private static float[] Engines(MLContext ml, ITransformer model, IDataView data, BackpropTask task, bool sparse)
    {
        var rows = ml.Data.CreateEnumerable<Row>(data, reuseRowObject: false).ToArray();
        var results = new float[3][];
        var threads = Enumerable.Range(0, 3).Select(t => new Thread(() =>
        {
            var output = new List<float>();
            switch (task)
            {
                case BackpropTask.BinaryClassification:
                    var binary = ml.Model.CreatePredictionEngine<Row, BinaryPrediction>(model, inputSchemaDefinition: Schema(sparse));
                    for (int pass = 0; pass < 2; pass++) // twice: a scorer's buffers reused give the same bits
                        foreach (var row in rows) output.Add(binary.Predict(row).Probability);
                    break;
                case BackpropTask.MulticlassClassification:
                    var multiclass = ml.Model.CreatePredictionEngine<Row, MulticlassPrediction>(model, inputSchemaDefinition: Schema(sparse));
                    for (int pass = 0; pass < 2; pass++)
                        foreach (var row in rows) output.AddRange(multiclass.Predict(row).Score);
                    break;
                default:
                    var regression = ml.Model.CreatePredictionEngine<Row, RegressionPrediction>(model, inputSchemaDefinition: Schema(sparse));
                    for (int pass = 0; pass < 2; pass++)
                        foreach (var row in rows) output.Add(regression.Predict(row).Score);
                    break;
            }
            results[t] = [.. output];
        })).ToArray();
        foreach (var thread in threads) thread.Start();
        foreach (var thread in threads) thread.Join();
        foreach (var result in results)
        {
            result.ShouldNotBeNull();
            Bits(result).ShouldBe(Bits(results[0]));
            Bits(result[(result.Length / 2)..]).ShouldBe(Bits(result[..(result.Length / 2)]));
        }
        return results[0][..(results[0].Length / 2)];
    }

    private static uint[] Bits(float[] values) => values.Select(BitConverter.SingleToUInt32Bits).ToArray();

    public sealed class BinaryPrediction
    {
        public float Probability { get; set; }
    }

    public sealed class MulticlassPrediction
    {
        public float[] Score { get; set; } = [];
    }

    public sealed class RegressionPrediction
    {
        public float Score { get; set; }
    }
}
