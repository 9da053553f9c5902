namespace MLNet.Backprop.Training;

/// <summary>How the model's probabilities were calibrated and how well they match the hold-out rows: log-loss and
/// expected calibration error (ECE: the weight-averaged |mean predicted − observed frequency| over
/// <see cref="BinCount"/> equal-width bins) before and after calibration, and the reliability diagram after.</summary>
public sealed class CalibrationReport
{
    /// <summary>Equal-width bins of the reliability diagram and the ECE.</summary>
    public const int BinCount = 10;

    /// <summary>The method the model applies (never <see cref="ProbabilityCalibration.Auto"/>).</summary>
    public ProbabilityCalibration Method { get; init; }

    /// <summary>Why the method differs from the one asked for (e.g. Platt without a hold-out, or with one class in it); else null.</summary>
    public string? Note { get; init; }

    /// <summary>Hold-out rows measured: every network's own hold-out rows together (an ensemble of 4 counts each
    /// network's rows), or the validation rows given to <c>Fit</c> once (0 when training held none out: the measures below are then NaN).</summary>
    public long Rows { get; init; }

    /// <summary>The hold-out's mean log-loss of the networks' probabilities before calibration.</summary>
    public double LogLossBefore { get; init; } = double.NaN;

    /// <summary>The hold-out's mean log-loss after calibration.</summary>
    public double LogLossAfter { get; init; } = double.NaN;

    /// <summary>The hold-out's ECE before calibration.</summary>
    public double ExpectedCalibrationErrorBefore { get; init; } = double.NaN;

    /// <summary>The hold-out's ECE after calibration.</summary>
    public double ExpectedCalibrationErrorAfter { get; init; } = double.NaN;

    /// <summary>The reliability diagram after calibration (<see cref="BinCount"/> bins; empty without a hold-out).</summary>
    public IReadOnlyList<ReliabilityBin> Bins { get; init; } = [];
}
