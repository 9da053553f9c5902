using Microsoft.ML;
using MLNet.Backprop.Quality.DataSets;
using static MLNet.Backprop.Quality.DataSets.ColumnNames;

namespace MLNet.Backprop.Quality.Trainers;

/// <summary>The built-in columns, each with its own defaults: only the label and feature column names are given.</summary>
public static class StandardTrainers
{
    /// <summary>The MLP with the library's defaults (the catalog method with column names only).</summary>
    public const string Mlp = "mlp";

    /// <summary>ML.NET's linear trainer of the task.</summary>
    public const string Linear = "linear";

    /// <summary>ML.NET's FastTree (one-versus-all for multiclass).</summary>
    public const string FastTree = "fasttree";

    /// <summary>ML.NET's LightGbm.</summary>
    public const string LightGbm = "lightgbm";

    /// <summary>ML.NET's SDCA of the task (not a default column: <c>--trainers sdca</c>).</summary>
    public const string Sdca = "sdca";

    /// <summary>ML.NET's averaged perceptron (not a default column: <c>--trainers perceptron</c>).</summary>
    public const string Perceptron = "perceptron";

    /// <summary>Columns available by name but not run by default (the linear trainers a user of wide sparse data compares).</summary>
    public static IReadOnlyList<TrainerEntry> Optional { get; } =
    [
        new(Sdca, "SDCA", CreateSdca, IsMlp: false, "SdcaLogisticRegression (binary), SdcaMaximumEntropy (multiclass), Sdca (regression)"),
        new(Perceptron, "Perceptron", CreatePerceptron, IsMlp: false,
            "AveragedPerceptron (binary), OneVersusAll(AveragedPerceptron) (multiclass), OnlineGradientDescent (regression: the same online linear family)"),
    ];

    /// <summary>The five built-in columns in table order.</summary>
    public static IReadOnlyList<TrainerEntry> All { get; } =
    [
        new(Mlp, "MLP", CreateMlp, IsMlp: true, "BackpropTrainer, library defaults: Backprop(labelColumnName, featureColumnName)"),
        new(Linear, "Linear", CreateLinear, IsMlp: false, "LbfgsLogisticRegression (binary), LbfgsMaximumEntropy (multiclass), Sdca (regression)"),
        new(FastTree, "FastTree", CreateFastTree, IsMlp: false, "FastTree; multiclass: OneVersusAll(FastTree binary), as ML.NET has no multiclass FastTree"),
        new(LightGbm, "LightGbm", CreateLightGbm, IsMlp: false, "LightGbm"),
        TunedMlp.Entry,
    ];

    private static IEstimator<ITransformer> CreateMlp(MLContext ml, TaskKind task) => task switch
    {
        TaskKind.Binary => ml.BinaryClassification.Trainers.Backprop(labelColumnName: Label, featureColumnName: Features),
        TaskKind.Multiclass => ml.MulticlassClassification.Trainers.Backprop(labelColumnName: Label, featureColumnName: Features),
        _ => ml.Regression.Trainers.Backprop(labelColumnName: Label, featureColumnName: Features),
    };

    private static IEstimator<ITransformer> CreateLinear(MLContext ml, TaskKind task) => task switch
    {
        TaskKind.Binary => ml.BinaryClassification.Trainers.LbfgsLogisticRegression(labelColumnName: Label, featureColumnName: Features),
        TaskKind.Multiclass => ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(labelColumnName: Label, featureColumnName: Features),
        _ => ml.Regression.Trainers.Sdca(labelColumnName: Label, featureColumnName: Features),
    };

    private static IEstimator<ITransformer> CreateSdca(MLContext ml, TaskKind task) => task switch
    {
        TaskKind.Binary => ml.BinaryClassification.Trainers.SdcaLogisticRegression(labelColumnName: Label, featureColumnName: Features),
        TaskKind.Multiclass => ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(labelColumnName: Label, featureColumnName: Features),
        _ => ml.Regression.Trainers.Sdca(labelColumnName: Label, featureColumnName: Features),
    };

    private static IEstimator<ITransformer> CreatePerceptron(MLContext ml, TaskKind task) => task switch
    {
        TaskKind.Binary => ml.BinaryClassification.Trainers.AveragedPerceptron(labelColumnName: Label, featureColumnName: Features),
        TaskKind.Multiclass => ml.MulticlassClassification.Trainers.OneVersusAll(
            ml.BinaryClassification.Trainers.AveragedPerceptron(featureColumnName: Features), labelColumnName: Label),
        _ => ml.Regression.Trainers.OnlineGradientDescent(labelColumnName: Label, featureColumnName: Features),
    };

    private static IEstimator<ITransformer> CreateFastTree(MLContext ml, TaskKind task) => task switch
    {
        TaskKind.Binary => ml.BinaryClassification.Trainers.FastTree(labelColumnName: Label, featureColumnName: Features),
        TaskKind.Multiclass => ml.MulticlassClassification.Trainers.OneVersusAll(
            ml.BinaryClassification.Trainers.FastTree(labelColumnName: Label, featureColumnName: Features), labelColumnName: Label),
        _ => ml.Regression.Trainers.FastTree(labelColumnName: Label, featureColumnName: Features),
    };

    private static IEstimator<ITransformer> CreateLightGbm(MLContext ml, TaskKind task) => task switch
    {
        TaskKind.Binary => ml.BinaryClassification.Trainers.LightGbm(labelColumnName: Label, featureColumnName: Features),
        TaskKind.Multiclass => ml.MulticlassClassification.Trainers.LightGbm(labelColumnName: Label, featureColumnName: Features),
        _ => ml.Regression.Trainers.LightGbm(labelColumnName: Label, featureColumnName: Features),
    };
}
