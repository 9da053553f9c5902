using MLNet.Backprop.Network.Losses;

namespace MLNet.Backprop.Tests.Network.Losses;

public class LossSpecTests
{
    public static TheoryData<LossFunction> All => new(Enum.GetValues<LossFunction>());

    [Theory]
    [MemberData(nameof(All))]
    public void Create_EveryLoss_KnowsItsSpecAndFitsATask(LossFunction kind)
    {
        var spec = LossSpec.Of(kind, huberDelta: 0.5f);
        var loss = LossFunctions.Create(spec);
        loss.Spec.ShouldBe(spec);
        Enum.GetValues<BackpropTask>().Where(t => t != BackpropTask.Auto).Count(loss.Fits).ShouldBe(1);
        loss.Supports(EarlyStoppingMetric.Loss, 1).ShouldBeTrue();
    }

    [Theory]
    [InlineData(BackpropTask.BinaryClassification, LossFunction.BinaryCrossEntropy)]
    [InlineData(BackpropTask.MulticlassClassification, LossFunction.SoftmaxCrossEntropy)]
    [InlineData(BackpropTask.Regression, LossFunction.MeanSquaredError)]
    public void NaturalFor_EachTask_IsALossThatFitsIt(BackpropTask task, LossFunction expected)
    {
        LossFunctions.NaturalFor(task).ShouldBe(expected);
        LossFunctions.Create(expected).Fits(task).ShouldBeTrue();
        LossFunctions.FittingTask(task).ShouldContain(expected);
    }

    [Theory]
    [InlineData(LossFunction.BinaryCrossEntropy, EarlyStoppingMetric.Auc, 1, true)]
    [InlineData(LossFunction.BinaryCrossEntropy, EarlyStoppingMetric.Auc, 3, false)]
    [InlineData(LossFunction.BinaryCrossEntropy, EarlyStoppingMetric.Accuracy, 1, true)]
    [InlineData(LossFunction.SoftmaxCrossEntropy, EarlyStoppingMetric.Accuracy, 3, true)]
    [InlineData(LossFunction.SoftmaxCrossEntropy, EarlyStoppingMetric.Auc, 3, false)]
    [InlineData(LossFunction.MeanSquaredError, EarlyStoppingMetric.Accuracy, 1, false)]
    [InlineData(LossFunction.Huber, EarlyStoppingMetric.Auc, 1, false)]
    public void Supports_MetricAndOutputs_AsTheLossDefinesThem(LossFunction kind, EarlyStoppingMetric metric, int outputs, bool expected) =>
        LossFunctions.Create(kind).Supports(metric, outputs).ShouldBe(expected);

    [Theory]
    [InlineData(2f, null)]
    [InlineData(3f, "3; a class index in 0..2 was expected")]
    [InlineData(0.5f, "0.5; a class index in 0..2 was expected")]
    [InlineData(-1f, "-1; a class index in 0..2 was expected")]
    public void TargetProblem_Softmax_NamesATargetThatIsNotAClassIndex(float target, string? expected) =>
        LossFunctions.Create(LossFunction.SoftmaxCrossEntropy).TargetProblem([target], 3).ShouldBe(expected);

    [Fact]
    public void BestConstantLoss_Huber_HasNoClosedForm() =>
        LossFunctions.Create(LossFunction.Huber).BestConstantLoss(new TargetDistribution(new Dictionary<float, double>(), 4.0)).ShouldBeNull();
}
