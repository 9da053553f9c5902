using MLNet.Backprop.Integration.Data;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests.Integration.Data;

/// <summary>The stratified hold-out split: per class, and what happens when the classes are too small to give it a row.</summary>
public class TrainingSplitTests
{
    /// <summary>40 classes of 4 rows each: an eighth of a class rounds to no row.</summary>
    private static TrainingData TinyClasses() => new(new float[160], 160, 1, Enumerable.Range(0, 160).Select(i => (float)(i % 40)).ToArray());

    [Fact]
    public void Stratified_ClassesTooSmallForTheShare_RefusesAnExplicitShareNamingIt() =>
        Should.Throw<ArgumentOutOfRangeException>(() => TrainingSplit.Stratified(TinyClasses(), 0.125f, classification: true, seed: 1))
            .ParamName.ShouldBe("ValidationFraction");

    [Fact]
    public void Stratified_ClassesTooSmallForAnOptionalShare_KeepsEveryRowForTraining()
    {
        var (training, validation) = TrainingSplit.Stratified(TinyClasses(), 0.125f, classification: true, seed: 1, optional: true);

        validation.ShouldBeEmpty();
        training.ShouldBe(Enumerable.Range(0, 160).ToArray());
    }

    [Fact]
    public void Stratified_OptionalShareThatDrawsRows_IsTheSameSplitAsARequiredOne()
    {
        var data = new TrainingData(new float[171], 171, 1, Enumerable.Range(0, 171).Select(i => (float)(i % 6)).ToArray());

        var optional = TrainingSplit.Stratified(data, 20f / 171, classification: true, seed: 3, optional: true);
        var required = TrainingSplit.Stratified(data, 20f / 171, classification: true, seed: 3);

        optional.Validation.ShouldBe(required.Validation);
        optional.Training.ShouldBe(required.Training);
        optional.Validation.Length.ShouldBe(6 * 3); // 28 or 29 rows a class, 3.3 or 3.4 of them rounded to 3
    }

    [Fact]
    public void HeldOutByRow_ShareOfManyRows_HoldsOutAboutThatShare()
    {
        int held = Enumerable.Range(0, 100_000).Count(r => TrainingSplit.HeldOutByRow(7, r, 0.1f));

        held.ShouldBeInRange(9_700, 10_300); // binomial(100k, 0.1): SD 95
    }

    [Fact]
    public void HeldOutByRow_ShareZero_HoldsOutNoRow() =>
        Enumerable.Range(0, 10_000).Any(r => TrainingSplit.HeldOutByRow(7, r, 0f)).ShouldBeFalse();

    [Fact]
    public void HeldOutByRow_SameSeedAnyOrder_SameRowsAndOtherSeedOtherRows()
    {
        var forward = Enumerable.Range(0, 5_000).Where(r => TrainingSplit.HeldOutByRow(3, r, 0.2f)).ToArray();
        var backward = Enumerable.Range(0, 5_000).Reverse().Where(r => TrainingSplit.HeldOutByRow(3, r, 0.2f)).Reverse().ToArray();
        var otherSeed = Enumerable.Range(0, 5_000).Where(r => TrainingSplit.HeldOutByRow(4, r, 0.2f)).ToArray();

        backward.ShouldBe(forward);
        otherSeed.Intersect(forward).Count().ShouldBeLessThan(forward.Length / 2); // independent draws share about a fifth
    }
    [Fact]
    public void ByRow_Rows_SplitsEveryRowOnceAsHeldOutByRowSays()
    {
        var (training, validation) = TrainingSplit.ByRow(2_000, seed: 5, fraction: 0.1f);

        validation.ShouldBe(Enumerable.Range(0, 2_000).Where(r => TrainingSplit.HeldOutByRow(5, r, 0.1f)).ToArray());
        training.ShouldBe(Enumerable.Range(0, 2_000).Except(validation).ToArray());
    }

    [Fact]
    public void ByRow_TooFewRowsForAnExplicitShare_RefusesNamingIt() =>
        Should.Throw<ArgumentOutOfRangeException>(() => TrainingSplit.ByRow(1, seed: 5, fraction: 0.1f)).ParamName.ShouldBe("ValidationFraction");

    [Fact]
    public void ByRow_TooFewRowsForAnOptionalShare_KeepsEveryRowForTraining()
    {
        int seed = Enumerable.Range(0, 100).First(s => !TrainingSplit.HeldOutByRow((ulong)s, 0, 0.1f) && !TrainingSplit.HeldOutByRow((ulong)s, 1, 0.1f));
        var (training, validation) = TrainingSplit.ByRow(2, (ulong)seed, 0.1f, optional: true);

        training.ShouldBe([0, 1]);
        validation.ShouldBeEmpty();
    }
}
