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
}
