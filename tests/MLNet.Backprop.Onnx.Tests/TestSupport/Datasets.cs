using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Onnx.Tests.TestSupport;

/// <summary>The three tasks on shared data, read raw (text columns, blanks as NaN) with an exportable featurizer:
/// binary churn (Telco), multiclass contract type (Telco, Contract as a key label), regression house value (Boston
/// housing, whose values 5-50 keep a float's rounding step under 4e-6).</summary>
internal static class Datasets
{
    public sealed record Task(string Name, IDataView Train, IDataView Test, IEstimator<ITransformer> Featurizer, string Label,
        Func<MLContext, BackpropTrainer.Options, IEstimator<ITransformer>> Trainer);

    public static readonly string[] Tasks = ["binary", "multiclass", "regression"];

    public static Task Load(MLContext ml, string task)
    {
        switch (task)
        {
            case "binary":
            {
                var (train, test) = Telco.Load(ml);
                return new(task, train, test, Telco.Featurizer(ml), "Label", (m, o) => m.BinaryClassification.Trainers.Backprop(o));
            }
            case "multiclass":
            {
                var (train, test) = Telco.Load(ml);
                var key = ml.Transforms.Conversion.MapValueToKey("ContractKey", "Contract").Fit(train);
                string[] categorical = [.. Telco.Categorical.Where(c => c != "Contract")];
                var featurizer = ml.Transforms.Categorical.OneHotEncoding([.. categorical.Select(c => new InputOutputColumnPair(c))])
                    .Append(ml.Transforms.ReplaceMissingValues("TotalCharges"))
                    .Append(ml.Transforms.Concatenate("Features", [.. categorical, .. Telco.Numeric]))
                    .Append(ml.Transforms.NormalizeMeanVariance("Features"));
                return new(task, key.Transform(train), key.Transform(test), featurizer, "ContractKey", (m, o) => m.MulticlassClassification.Trainers.Backprop(o));
            }
            case "regression":
            {
                string[] numeric = ["crim", "zn", "indus", "nox", "rm", "age", "dis", "rad", "tax", "ptratio", "b", "lstat"];
                var columns = numeric.Select((c, i) => new TextLoader.Column(c, DataKind.Single, i < 3 ? i : i + 1)).ToList();
                columns.Add(new("chas", DataKind.String, 3));
                columns.Add(new("medv", DataKind.Single, 13));
                var loader = ml.Data.CreateTextLoader(new TextLoader.Options { Columns = [.. columns], HasHeader = true, Separators = [','], AllowQuoting = true });
                var all = loader.Load(Path.Combine(Telco.Directory!, "..", "benchmarks", "boston_housing.csv"));
                var split = ml.Data.TrainTestSplit(all, testFraction: 0.3, seed: 0);
                var featurizer = ml.Transforms.Categorical.OneHotEncoding("chas")
                    .Append(ml.Transforms.Concatenate("Features", [.. numeric, "chas"]))
                    .Append(ml.Transforms.NormalizeMeanVariance("Features"));
                return new(task, ml.Data.Cache(split.TrainSet), ml.Data.Cache(split.TestSet), featurizer, "medv", (m, o) => m.Regression.Trainers.Backprop(o));
            }
            case "sparse":
            {
                // InstEval's first 6,000 ratings: one-hot student, lecturer and department ids (about 1,000 slots, 3 of them
                // set) and three numbers, so the trainer reads the rows sparse.
                var loader = ml.Data.CreateTextLoader(new TextLoader.Options
                {
                    Columns = [new("student", DataKind.String, 0), new("lecturer", DataKind.String, 1), new("department", DataKind.String, 2),
                        new("Numbers", DataKind.Single, 3, 5), new("rating", DataKind.Single, 6)],
                    HasHeader = true, Separators = [','], AllowQuoting = true,
                });
                var all = ml.Data.TakeRows(loader.Load(Path.Combine(Telco.Directory!, "..", "sparse", "insteval_train.csv")), 6000);
                var split = ml.Data.TrainTestSplit(all, testFraction: 0.2, seed: 0);
                string[] ids = ["student", "lecturer", "department"];
                var featurizer = ml.Transforms.Categorical.OneHotEncoding([.. ids.Select(c => new InputOutputColumnPair(c))])
                    .Append(ml.Transforms.Concatenate("Features", [.. ids, "Numbers"]));
                return new(task, ml.Data.Cache(split.TrainSet), ml.Data.Cache(split.TestSet), featurizer, "rating", (m, o) => m.Regression.Trainers.Backprop(o));
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(task), task, null);
        }
    }

    /// <summary>Trains the task's whole pipeline (featurizer + MLP) briefly; deterministic for a seed.</summary>
    public static TransformerChain<ITransformer> Fit(MLContext ml, Task task, Activation activation, int seed = 1, int[]? hidden = null)
    {
        var options = new BackpropTrainer.Options
        {
            LabelColumnName = task.Label, HiddenLayers = hidden ?? [16, 8], Activation = activation, LeakyReluSlope = 0.1f, EluAlpha = 0.7f,
            NumberOfEpochs = 8, LearningRate = 3e-3f, Seed = seed, NumberOfThreads = 1,
        };
        return (TransformerChain<ITransformer>)task.Featurizer.Append(task.Trainer(ml, options)).Fit(task.Train);
    }
}
