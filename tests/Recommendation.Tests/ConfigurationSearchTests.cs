using Microsoft.ML;
using MLNet.Backprop;
using Recommendation.Data;
using Recommendation.Modeling;

namespace Recommendation.Tests;

/// <summary>The first search round's names state what its configurations train.</summary>
public class ConfigurationSearchTests
{
    [Fact]
    public void Grid_Defaults_NamesTheAutomaticWidthsTheLibraryPicksOnInstEval()
    {
        // One epoch of one network on a cross-validation fold of the training split, as `--choose` fits it: the widths
        // depend only on the key counts (2,966–2,968 students in the folds, 1,128 lecturers, 14 departments).
        var ml = new MLContext(0);
        var (train, _) = InstEvalFiles.Load(ml, InstEvalFiles.Locate());
        var fold = ml.Data.CrossValidationSplit(train, 3, seed: 0)[0].TrainSet;
        var defaults = ConfigurationSearch.Grid[0];
        var options = defaults.Options(0);
        options.NumberOfEpochs = 1;
        options.EnsembleSize = 1;

        var model = Candidates.KeyedIds(ml).Append(ml.Regression.Trainers.Backprop(options)).Fit(fold).LastTransformer.Model;

        string widths = string.Join("/", options.CategoricalColumnNames.Select(c => model.Embedding(c).Width));
        widths.ShouldBe("141/82/7");
        defaults.Name.ShouldContain($"automatic widths {widths}");
    }
}
