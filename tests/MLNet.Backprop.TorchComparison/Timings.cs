namespace MLNet.Backprop.TorchComparison;

/// <summary>The timed runs of one case: best (fastest) and median, as samples per second.</summary>
internal sealed class Timings(string name, CaseKind kind, long samplesPerRun)
{
    private readonly List<CaseResult> _runs = [];

    public string Name => name;

    /// <summary>Whose the case is (see <see cref="ITrainingCase.Kind"/>).</summary>
    public CaseKind Kind => kind;

    public IReadOnlyList<CaseResult> Runs => _runs;

    public void Add(CaseResult result) => _runs.Add(result);

    /// <summary>Samples (rows × epochs) per second of the fastest run.</summary>
    public double BestRate => samplesPerRun / Sorted[0].Elapsed.TotalSeconds;

    /// <summary>Samples per second of the median run (the mean of the two middle ones for an even count).</summary>
    public double MedianRate => samplesPerRun / MedianSeconds(_runs.Select(r => r.Elapsed.TotalSeconds));

    /// <summary>Median seconds of the training loop alone, where the case reports it.</summary>
    public double? MedianLoopSeconds =>
        _runs.All(r => r.TrainingLoopElapsed is not null) ? MedianSeconds(_runs.Select(r => r.TrainingLoopElapsed!.Value.TotalSeconds)) : null;

    /// <summary>Median seconds of whole runs.</summary>
    public double MedianRunSeconds => MedianSeconds(_runs.Select(r => r.Elapsed.TotalSeconds));

    /// <summary>The last epoch's mean loss of the last run, where the case computes it.</summary>
    public double? LastEpochLoss => _runs.Count > 0 ? _runs[^1].LastEpochLoss : null;

    private List<CaseResult> Sorted => _runs.OrderBy(r => r.Elapsed).ToList();

    private static double MedianSeconds(IEnumerable<double> seconds)
    {
        var sorted = seconds.Order().ToList();
        int n = sorted.Count;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
