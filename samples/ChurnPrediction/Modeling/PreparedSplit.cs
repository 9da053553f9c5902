using Microsoft.ML;
using Microsoft.ML.Data;
using ChurnPrediction.CommandLine;
using ChurnPrediction.Data;
using ChurnPrediction.Reporting;

namespace ChurnPrediction.Modeling;

/// <summary>The data every command starts from: found, split by the project's fixed rule, labelled and featurized once.</summary>
/// <param name="Source">Where the CSV came from (and whether it is synthetic).</param>
/// <param name="Train">Training customers with the Boolean label, raw columns.</param>
/// <param name="Test">Test customers with the Boolean label, raw columns.</param>
/// <param name="Featurizer">The featurizer fitted on the training customers.</param>
/// <param name="FeaturizedTrain">Cached featurized training data.</param>
/// <param name="FeaturizedTest">Cached featurized test data.</param>
public sealed record PreparedSplit(DataSource Source, IDataView Train, IDataView Test, ITransformer Featurizer,
    IDataView FeaturizedTrain, IDataView FeaturizedTest)
{
    /// <summary>Resolves the data (shared copy, cache, download or synthetic), splits and featurizes it.</summary>
    public static PreparedSplit Load(MLContext ml, ChurnOptions options, TextWriter output)
    {
        // The data: found, cached or downloaded; synthetic only as a clearly marked last resort.
        var source = new TelcoSource().Resolve(options.DataPath, options.Synthetic, options.OutputDirectory, options.Seed, output);
        if (source.IsSynthetic) Banner.SyntheticWarning(output);
        output.WriteLine($"Data: {source.Description}");

        // The project's fixed split, then Churn → Boolean Label.
        var (trainRaw, testRaw) = FnvSplit.Split(ml, TelcoCsv.Load(ml, source.Path, requireChurn: true));
        var train = ChurnPipeline.WithLabel(ml, trainRaw);
        var test = ChurnPipeline.WithLabel(ml, testRaw);
        output.WriteLine($"Split (FNV-1a of customerID, test when divisible by 5): {Describe(train)} for training, {Describe(test)} for testing.");

        // Featurize once; every trainer sees the very same columns.
        var featurizer = ChurnPipeline.Featurizer(ml).Fit(train);
        return new PreparedSplit(source, train, test, featurizer, ml.Data.Cache(featurizer.Transform(train)), ml.Data.Cache(featurizer.Transform(test)));
    }

    private static string Describe(IDataView data)
    {
        var labels = data.GetColumn<bool>(ChurnPipeline.Label).ToList();
        return $"{labels.Count:N0} customers ({(double)labels.Count(l => l) / labels.Count:P1} churned)";
    }
}
