using System.Runtime.Intrinsics;
using System.Text;
using Microsoft.ML;
using MLNet.Backprop;
using MLNet.Backprop.Fingerprints;
using MLNet.Backprop.Tests.TestSupport;

// MLNet.Backprop.WidthCheck OUTPUT MODEL
// Trains the small configurations below and writes each one's exact description (weights, history, diagnosis, test
// scores) to OUTPUT/<name>.txt. When MODEL does not exist yet, the first configuration's model is saved there first (the
// run as the machine is); every run then loads MODEL, scores the test rows and writes OUTPUT/saved-model-scores.txt.
// VectorWidthTests (tests/MLNet.Backprop.Tests/Numerics) runs it once per vector width and compares the files.
// Prints the widths this process accelerates.
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: MLNet.Backprop.WidthCheck OUTPUT MODEL");
    return 2;
}
string output = args[0], model = args[1];
Directory.CreateDirectory(output);

// Small enough for the slowest width (without AVX2 every fused multiply-add is a call): the in-memory default input
// stage (bins, periodic embeddings and their learnt scales), clipping by norm, example weights, tanh and sigmoid, two
// optimizers, validation with early stopping, the micro-batch mode; sparse rows (lazy updates; row-wise Adagrad) and
// categorical columns (embeddings).
Configuration[] configurations =
[
    new("encoded-weighted-clip-norm", ml => (Data.Generated(ml, 600, 1), null, Data.Generated(ml, 200, 3)), () => new()
    {
        LabelColumnName = "Binary", ExampleWeightColumnName = "Weight", HiddenLayers = [16], GradientClipNorm = 0.05f,
        NumberOfEpochs = 3, EnsembleSize = 4, Seed = 21, // four networks: the saved model scores through EnsembleScoringPass
    }),
    new("multiclass-validation-dropout", ml => (Data.Generated(ml, 600, 1), Data.Generated(ml, 150, 2), Data.Generated(ml, 200, 3)), () => new()
    {
        LabelColumnName = "Class", HiddenLayers = [16, 8], Dropout = 0.1f, NumberOfEpochs = 3, EnsembleSize = 1,
        EarlyStoppingMetric = EarlyStoppingMetric.Accuracy, Seed = 22,
    }),
    new("micro-batch-sigmoid-rmsprop", ml => (Data.Generated(ml, 600, 1), null, Data.Generated(ml, 200, 3)), () => new()
    {
        LabelColumnName = "Value", HiddenLayers = [12], Activation = Activation.Sigmoid, Optimizer = OptimizerKind.RmsProp,
        GradientClipNorm = 1f, BatchSize = 64, MicroBatchSize = 16, NumberOfEpochs = 3, Seed = 23,
    }),
    new("sparse-clip-norm", ml => (SparseRows.Load(ml, 400, 3000, 10, 1), null, SparseRows.Load(ml, 100, 3000, 10, 2)), () => new()
    {
        HiddenLayers = [16], GradientClipNorm = 0.5f, BatchSize = 32, NumberOfEpochs = 3, EnsembleSize = 1, Seed = 24,
    }),
    new("sparse-adagrad", ml => (SparseRows.Load(ml, 400, 3000, 10, 1), null, SparseRows.Load(ml, 100, 3000, 10, 2)), () => new()
    {
        HiddenLayers = [16], Optimizer = OptimizerKind.Adagrad, LearningRate = 0.05f, BatchSize = 32, NumberOfEpochs = 3, EnsembleSize = 1, Seed = 25,
    }),
    // Row-wise Adagrad (automatic only above 256 MB of optimizer state, so forced here): its per-row sums of g² follow
    // the 512-bit order on every width.
    new("sparse-row-wise", ml => (SparseRows.Load(ml, 400, 3000, 10, 1), null, SparseRows.Load(ml, 100, 3000, 10, 2)), () => new()
    {
        HiddenLayers = [16], SparseUpdates = SparseUpdates.RowWise, LearningRate = 0.05f, BatchSize = 32, NumberOfEpochs = 3, EnsembleSize = 1, Seed = 27,
    }),
    new("categorical-adagrad", Keyed, () => new()
    {
        LabelColumnName = "Value", CategoricalColumnNames = ["UserKey", "ItemKey"], HiddenLayers = [16], Optimizer = OptimizerKind.Adagrad,
        LearningRate = 0.05f, NumberOfEpochs = 3, EnsembleSize = 1, Seed = 26,
    }),
];

Console.WriteLine($"vector widths accelerated: 512-bit {Vector512.IsHardwareAccelerated}, 256-bit {Vector256.IsHardwareAccelerated}, " +
    $"128-bit {Vector128.IsHardwareAccelerated}; fused multiply-add {System.Runtime.Intrinsics.X86.Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported}");
foreach (var configuration in configurations)
{
    var print = Runner.Run(configuration);
    File.WriteAllText(Path.Combine(output, configuration.Name + ".txt"), print.Text);
    Console.WriteLine(print.Line);
}

// The categorical model's user embedding projected on its principal axes (EmbeddingTable.Project2D).
{
    var ml = new MLContext(seed: 0);
    var categorical = configurations.Single(c => c.Name == "categorical-adagrad");
    var (rows, _, _) = categorical.Data(ml);
    var projection = new BackpropTrainer(ml, categorical.Options()).Fit(rows).Model.Embedding("UserKey").Project2D();
    var text = new StringBuilder();
    foreach (var (x, y) in projection.X.Zip(projection.Y)) text.Append(Runner.Bits(x)).Append(' ').Append(Runner.Bits(y)).Append('\n');
    text.Append(Runner.Bits(projection.FirstAxisShare)).Append(' ').Append(Runner.Bits(projection.SecondAxisShare)).Append('\n');
    File.WriteAllText(Path.Combine(output, "embedding-projection.txt"), text.ToString());
}

var context = new MLContext(seed: 0);
var first = configurations[0];
var (train, _, test) = first.Data(context);
if (!File.Exists(model))
{
    var trained = new BackpropTrainer(context, first.Options()).Fit(train);
    context.Model.SaveBackprop(trained, train.Schema, model);
}
var loaded = context.Model.LoadBackprop(model, out _);
var scores = new StringBuilder();
Describe.Scores(loaded.Transform(test), scores);
File.WriteAllText(Path.Combine(output, "saved-model-scores.txt"), scores.ToString());
Console.WriteLine($"saved model scored: {test.GetRowCount()} rows");
return 0;

// Rows with two categorical columns, their ids mapped to keys.
static (IDataView, IDataView?, IDataView) Keyed(MLContext ml)
{
    var train = ml.Data.LoadFromEnumerable(KeyedRows.Make(600, 1));
    var test = ml.Data.LoadFromEnumerable(KeyedRows.Make(200, 2));
    var keys = ml.Transforms.Conversion.MapValueToKey([new("UserKey", "User"), new("ItemKey", "Item")])
        .Append(ml.Transforms.Concatenate("Features", "X")).Fit(train);
    return (keys.Transform(train), null, keys.Transform(test));
}
