namespace MLNet.Backprop;

/// <summary>A decision threshold chosen on scored validation rows, with what it does on those rows: a row is flagged
/// (predicted positive) when its score is ≥ <see cref="Threshold"/>.</summary>
public sealed record ThresholdDecision
{
    /// <summary>Rows with a score ≥ this are flagged; <see cref="double.PositiveInfinity"/> flags nobody.</summary>
    public required double Threshold { get; init; }

    /// <summary>Flagged positives (events caught).</summary>
    public required long TruePositives { get; init; }

    /// <summary>Flagged negatives (false alarms).</summary>
    public required long FalsePositives { get; init; }

    /// <summary>Unflagged negatives.</summary>
    public required long TrueNegatives { get; init; }

    /// <summary>Unflagged positives (events missed).</summary>
    public required long FalseNegatives { get; init; }

    /// <summary>Rows scored.</summary>
    public long Rows => TruePositives + FalsePositives + TrueNegatives + FalseNegatives;

    /// <summary>Rows flagged.</summary>
    public long Flagged => TruePositives + FalsePositives;

    /// <summary>TP / (TP + FP); 1 when nobody is flagged (no false alarm was raised).</summary>
    public double Precision => Flagged == 0 ? 1 : (double)TruePositives / Flagged;

    /// <summary>TP / (TP + FN): the share of the events caught.</summary>
    public double Recall => (double)TruePositives / (TruePositives + FalseNegatives);

    /// <summary>(FN·cost of a false negative + FP·cost of a false positive) / rows, with the costs the decision was
    /// computed with (0 when it was chosen by a recall or precision target without costs).</summary>
    public required double CostPerRow { get; init; }

    /// <summary><see cref="CostPerRow"/> × 1,000.</summary>
    public double CostPerThousand => CostPerRow * 1000;
}
