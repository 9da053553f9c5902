using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests.Training;

/// <summary>The automatic hold-out as a table: a tenth from 200 rows for every task; below, regression holds nothing out
/// and classification holds out <see cref="Defaults.MinimumValidationRows"/> rows while they are at most
/// <see cref="Defaults.MaximumAutomaticValidationFraction"/> of the rows.</summary>
public class AutomaticSettingsTests
{
    [Theory]
    [InlineData(BackpropTask.Regression, 5_000, 0.1f)]
    [InlineData(BackpropTask.Regression, 200, 0.1f)]
    [InlineData(BackpropTask.Regression, 199, 0f)]
    [InlineData(BackpropTask.Regression, 167, 0f)]          // servo's size
    [InlineData(BackpropTask.Regression, 80, 0f)]
    [InlineData(BackpropTask.BinaryClassification, 5_000, 0.1f)]
    [InlineData(BackpropTask.BinaryClassification, 200, 0.1f)]
    [InlineData(BackpropTask.BinaryClassification, 160, 0.125f)]
    [InlineData(BackpropTask.BinaryClassification, 159, 0f)]
    [InlineData(BackpropTask.BinaryClassification, 80, 0f)]
    [InlineData(BackpropTask.MulticlassClassification, 1_000, 0.1f)]
    [InlineData(BackpropTask.MulticlassClassification, 199, 20f / 199)]
    [InlineData(BackpropTask.MulticlassClassification, 100, 0f)]
    [InlineData(BackpropTask.MulticlassClassification, 10, 0f)]
    [InlineData(BackpropTask.MulticlassClassification, 0, 0f)]
    public void HoldOut_TaskAndRows_FollowsTheTable(BackpropTask task, long rows, float expected) =>
        AutomaticSettings.HoldOut(rows, task).ShouldBe(expected);

    [Theory]
    [InlineData(171)]   // glass' training folds
    [InlineData(199)]
    [InlineData(160)]
    public void HoldOut_ClassificationBelowATenthsFloor_HoldsOutTheMinimumRows(long rows)
    {
        float share = AutomaticSettings.HoldOut(rows, BackpropTask.MulticlassClassification);
        (rows * (double)share).ShouldBe(Defaults.MinimumValidationRows, 1e-4);
        share.ShouldBeGreaterThan(Defaults.AutomaticValidationFraction);
        share.ShouldBeLessThanOrEqualTo(Defaults.MaximumAutomaticValidationFraction);
    }

    [Theory]
    [InlineData(BackpropTask.Regression, 200)]
    [InlineData(BackpropTask.BinaryClassification, 160)]
    [InlineData(BackpropTask.MulticlassClassification, 160)]
    public void MinimumHoldOutRows_Task_IsTheFirstSizeWithAHoldOut(BackpropTask task, long expected)
    {
        AutomaticSettings.MinimumHoldOutRows(task).ShouldBe(expected);
        AutomaticSettings.HoldOut(expected, task).ShouldBeGreaterThan(0f);
        AutomaticSettings.HoldOut(expected - 1, task).ShouldBe(0f);
    }
}
