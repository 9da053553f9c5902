namespace MLNet.Backprop.Training;

/// <summary>
/// What the training loop tells whoever watches it (the diagnosis) and gets back: the loop calls it, never the
/// diagnosis code itself, so the training layer does not depend on the diagnostics layer.
/// </summary>
internal interface ITrainingMonitor
{
    /// <summary>After each mini-batch's backward pass: the global gradient norm before clipping.</summary>
    void BatchCompleted(double gradientNorm);

    /// <summary>After each epoch: the findings raised by this epoch (stored with the epoch's report).</summary>
    IReadOnlyList<Finding> EpochCompleted(TrainingHistory history);

    /// <summary>When a loss, gradient or weight becomes non-finite: the finding that describes it.</summary>
    Finding Diverged(int epoch, int batch, string what, float learningRate, bool bestModelReturned);

    /// <summary>When training diverges: the option whose value alone explains it at <paramref name="learningRate"/> (a
    /// sentence naming it, what it does and what to set), or null when none does.</summary>
    string? OptionCause(float learningRate);

    /// <summary>Continues a run from a checkpoint: the history so far (with the findings each epoch raised) and the
    /// gradient norms of the run's first batches (at most the first 11, as <see cref="BatchCompleted"/> received them).</summary>
    void Resume(TrainingHistory history, IReadOnlyList<double> firstBatchNorms);

    /// <summary>When training ends or diverges: the diagnosis of the whole run.</summary>
    TrainingDiagnosis Finish(TrainingHistory history, Finding? divergence);
}
