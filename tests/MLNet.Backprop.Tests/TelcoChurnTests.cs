using Microsoft.ML;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests;

/// <summary>Real data: the project's fixed Telco churn split.</summary>
public class TelcoChurnTests
{
    [TelcoFact]
    public void PlainPipeline_DefaultOptions_TelcoSplit_TestAucAtLeast084()
    {
        var ml = new MLContext(seed: 0);
        var (train, test) = Telco.Load(ml);
        var pipeline = Telco.Featurizer(ml).Append(ml.BinaryClassification.Trainers.Backprop());
        var model = pipeline.Fit(train);
        var metrics = ml.BinaryClassification.Evaluate(model.Transform(test));
        metrics.AreaUnderRocCurve.ShouldBeGreaterThanOrEqualTo(0.84);
    }
}
