namespace MLNet.Backprop;

/// <summary>The findings of a diagnosis of a training run; empty when training looked healthy.</summary>
public sealed class TrainingDiagnosis
{
    /// <summary>Creates a diagnosis from its findings (most severe first is conventional, not required).</summary>
    /// <param name="findings">The findings; may be empty.</param>
    public TrainingDiagnosis(IReadOnlyList<Finding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        Findings = findings;
    }

    /// <summary>A diagnosis with no findings.</summary>
    public static TrainingDiagnosis Healthy { get; } = new([]);

    /// <summary>Every finding.</summary>
    public IReadOnlyList<Finding> Findings { get; }

    /// <summary>True when there is no warning and no critical finding.</summary>
    public bool IsHealthy => Findings.All(f => f.Severity == FindingSeverity.Info);

    /// <summary>One finding per line, or "No problems found.".</summary>
    public override string ToString() => Findings.Count == 0 ? "No problems found." : string.Join(Environment.NewLine, Findings);
}
