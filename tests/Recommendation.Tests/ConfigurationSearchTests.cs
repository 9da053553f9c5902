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

    private static IDataView FewRatings(MLContext ml) => ml.Data.LoadFromEnumerable(Enumerable.Range(0, 6).Select(i =>
        new Rating { Student = $"s{i}", Lecturer = $"l{i % 2}", Department = "d", StudentAge = 1, LectureAge = 1, Score = 1 + i % 5 }).ToList());

    [Fact]
    public void RunPipelines_MoreFoldsThanTheRowsFill_ThrowsNamingTheEmptyFoldBeforeAnyFit()
    {
        // Before: ML.NET's evaluator gave RMSE 0 on a fold without test rows, a perfect score that the mean then carried.
        var ml = new MLContext(0);
        int built = 0;
        var e = Should.Throw<ArgumentException>(() => ConfigurationSearch.RunPipelines(ml, FewRatings(ml),
            [("sdca", () => { built++; return Candidates.OneHotIds(ml).Append(ml.Regression.Trainers.Sdca(maximumNumberOfIterations: 1)); })], folds: 20, seed: 0));
        e.Message.ShouldContain("of 20 holds no test row");
        e.Message.ShouldContain("lower --folds");
        built.ShouldBe(0);
    }

    [Fact]
    public void RunRandomIntercepts_MoreFoldsThanTheRowsFill_ThrowsNamingTheEmptyFold()
    {
        var ml = new MLContext(0);
        Should.Throw<ArgumentException>(() => ConfigurationSearch.RunRandomIntercepts(ml, FewRatings(ml), [(1.0, 1.0, 1.0, 1.0)], folds: 20, seed: 0))
            .Message.ShouldContain("of 20 holds no test row");
    }
}
