namespace MLNet.Backprop.Training;

/// <summary>Watches nothing: training without a diagnosis (engine tests, benchmarks).</summary>
internal sealed class NullTrainingMonitor : ITrainingMonitor
{
    public static readonly NullTrainingMonitor Instance = new();

    public void BatchCompleted(double gradientNorm) { }

    public IReadOnlyList<Finding> EpochCompleted(TrainingHistory history) => [];

    public string? OptionCause(float learningRate) => null;

    public Finding Diverged(int epoch, int batch, string what, float learningRate, bool bestModelReturned) => new()
    {
        Kind = FindingKind.Divergence,
        Severity = FindingSeverity.Critical,
        Epoch = epoch,
        Message = $"{what} in mini-batch {batch} at learning rate {learningRate:G3}",
        Advice = "lower the learning rate or clip gradients",
    };

    public void Resume(TrainingHistory history, IReadOnlyList<double> firstBatchNorms) { }

    public TrainingDiagnosis Finish(TrainingHistory history, Finding? divergence) =>
        divergence is null ? TrainingDiagnosis.Healthy : new TrainingDiagnosis([divergence]);
}
