using MLNet.Backprop.Quality.CrossValidation;

namespace MLNet.Backprop.Quality.Tests;

public class FoldAssignmentTests
{
    // 3 classes of 50, 33 and 7 rows, interleaved (i·7 mod 90 is a permutation of 0..89).
    private static readonly int[] Classes = [.. Enumerable.Range(0, 90).Select(i => i * 7 % 90).Select(p => p < 50 ? 0 : p < 83 ? 1 : 2)];

    [Fact]
    public void Stratified_SameSeed_SameFolds() =>
        FoldAssignment.Stratified(Classes, 5, seed: 0).ShouldBe(FoldAssignment.Stratified(Classes, 5, seed: 0));

    [Fact]
    public void Stratified_OtherSeed_OtherFolds() =>
        FoldAssignment.Stratified(Classes, 5, seed: 1).ShouldNotBe(FoldAssignment.Stratified(Classes, 5, seed: 0));

    [Fact]
    public void Stratified_EveryClass_SpreadWithinOneRowAcrossFolds()
    {
        var fold = FoldAssignment.Stratified(Classes, 5, seed: 0);
        foreach (int c in Classes.Distinct())
        {
            var perFold = Enumerable.Range(0, 5).Select(f => Enumerable.Range(0, Classes.Length).Count(i => Classes[i] == c && fold[i] == f)).ToArray();
            (perFold.Max() - perFold.Min()).ShouldBeLessThanOrEqualTo(1, $"class {c}: {string.Join(", ", perFold)}");
        }
    }

    [Fact]
    public void Stratified_FoldSizes_DifferByAtMostOne()
    {
        var sizes = FoldAssignment.Stratified(Classes, 7, seed: 3).GroupBy(f => f).Select(g => g.Count()).ToArray();
        sizes.Length.ShouldBe(7);
        (sizes.Max() - sizes.Min()).ShouldBeLessThanOrEqualTo(1);
    }

    [Fact]
    public void Stratified_OneFold_Throws() =>
        Should.Throw<ArgumentOutOfRangeException>(() => FoldAssignment.Stratified(Classes, 1, seed: 0)).ParamName.ShouldBe("folds");

    [Fact]
    public void Stratified_MoreFoldsThanRows_Throws() =>
        Should.Throw<ArgumentOutOfRangeException>(() => FoldAssignment.Stratified([0, 1, 0], 4, seed: 0));

    [Fact]
    public void ByTargetBins_EachBinOfKSortedRows_GoesToDistinctFolds()
    {
        var targets = Enumerable.Range(0, 103).Select(i => Math.Sin(i) * 100).ToArray();
        var fold = FoldAssignment.ByTargetBins(targets, 5, seed: 0);
        var sorted = Enumerable.Range(0, targets.Length).OrderBy(i => targets[i]).ToArray();
        foreach (var bin in sorted.Chunk(5)) bin.Select(i => fold[i]).Distinct().Count().ShouldBe(bin.Length);
    }

    [Fact]
    public void ByTargetBins_FoldSizes_DifferByAtMostOne()
    {
        var sizes = FoldAssignment.ByTargetBins([.. Enumerable.Range(0, 103).Select(i => (double)(i % 10))], 5, seed: 2)
            .GroupBy(f => f).Select(g => g.Count()).ToArray();
        sizes.Length.ShouldBe(5);
        (sizes.Max() - sizes.Min()).ShouldBeLessThanOrEqualTo(1);
    }

    [Fact]
    public void ByTargetBins_SameSeed_SameFolds()
    {
        double[] targets = [.. Enumerable.Range(0, 50).Select(i => (double)(i % 7))];
        FoldAssignment.ByTargetBins(targets, 3, seed: 5).ShouldBe(FoldAssignment.ByTargetBins(targets, 3, seed: 5));
    }
}
