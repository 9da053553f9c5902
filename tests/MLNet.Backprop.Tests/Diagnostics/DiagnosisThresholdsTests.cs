using MLNet.Backprop.Diagnostics;

namespace MLNet.Backprop.Tests.Diagnostics;

public class DiagnosisThresholdsTests
{
    public static TheoryData<string, object> Invalid() => new()
    {
        { nameof(DiagnosisThresholds.DeadShare), 0.0 }, { nameof(DiagnosisThresholds.DeadShare), 1.5 },
        { nameof(DiagnosisThresholds.NoLearningMargin), -0.1 }, { nameof(DiagnosisThresholds.ClippingShare), double.NaN },
        { nameof(DiagnosisThresholds.ExplodingGrowth), 1.0 }, { nameof(DiagnosisThresholds.SpikeFactor), double.PositiveInfinity },
        { nameof(DiagnosisThresholds.VanishingRatio), 0.0 }, { nameof(DiagnosisThresholds.SlowUpdateRatio), -1e-4 },
        { nameof(DiagnosisThresholds.VanishingEpochs), 0 }, { nameof(DiagnosisThresholds.OverfitEpochs), -3 },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Init_InvalidValue_ThrowsNamingProperty(string property, object value)
    {
        var setter = typeof(DiagnosisThresholds).GetProperty(property)!.SetMethod!;
        var ex = Should.Throw<System.Reflection.TargetInvocationException>(() => setter.Invoke(new DiagnosisThresholds(), [value]));
        var inner = ex.InnerException.ShouldBeOfType<ArgumentOutOfRangeException>();
        inner.ParamName.ShouldBe(property);
        inner.Message.ShouldContain(property);
    }

    [Fact]
    public void Init_EveryThresholdIsChecked()
    {
        // Every property rejects 0 or less (shares, ratios and counts alike), so none is left unguarded.
        foreach (var property in typeof(DiagnosisThresholds).GetProperties().Where(p => p.SetMethod is not null))
        {
            object bad = property.PropertyType == typeof(int) ? 0 : (object)(-1.0);
            Should.Throw<System.Reflection.TargetInvocationException>(() => property.SetMethod!.Invoke(new DiagnosisThresholds(), [bad]), property.Name);
        }
    }

    [Fact]
    public void Defaults_AreAccepted()
    {
        Should.NotThrow(() => new DiagnosisThresholds { DeadShare = 1, ExplodingGrowth = 10, VanishingEpochs = 1 });
    }
}
