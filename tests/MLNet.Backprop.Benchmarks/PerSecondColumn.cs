using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace MLNet.Backprop.Benchmarks;

/// <summary>Items per second computed from the mean time of an operation: samples/s of a training step, rows/s of
/// scoring.</summary>
/// <param name="name">The column header.</param>
/// <param name="itemsPerOperation">Items one operation processes (after BenchmarkDotNet's OperationsPerInvoke division),
/// or null when the case has none.</param>
public sealed class PerSecondColumn(string name, Func<BenchmarkCase, double?> itemsPerOperation) : IColumn
{
    /// <inheritdoc />
    public string Id => nameof(PerSecondColumn) + name;

    /// <inheritdoc />
    public string ColumnName => name;

    /// <inheritdoc />
    public bool AlwaysShow => true;

    /// <inheritdoc />
    public ColumnCategory Category => ColumnCategory.Custom;

    /// <inheritdoc />
    public int PriorityInCategory => 0;

    /// <inheritdoc />
    public bool IsNumeric => true;

    /// <inheritdoc />
    public UnitType UnitType => UnitType.Dimensionless;

    /// <inheritdoc />
    public string Legend => $"{name}: items per operation / mean time";

    /// <inheritdoc />
    public bool IsAvailable(Summary summary) => true;

    /// <inheritdoc />
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        double? items = itemsPerOperation(benchmarkCase);
        double? meanNs = summary[benchmarkCase]?.ResultStatistics?.Mean;
        if (items is null || meanNs is not > 0) return "-";
        return (items.Value * 1e9 / meanNs.Value).ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>Adds samples/s (the batch of the case's <see cref="TrainingShape"/>) to the training benchmarks.</summary>
public sealed class SamplesPerSecondConfig : ManualConfig
{
    /// <summary>Creates the configuration.</summary>
    public SamplesPerSecondConfig() => AddColumn(new PerSecondColumn("Samples/s",
        c => c.Parameters.Items.Select(p => p.Value).OfType<TrainingShape>().FirstOrDefault()?.Batch));
}

/// <summary>Adds rows/s to the scoring benchmarks (their operations are single rows).</summary>
public sealed class RowsPerSecondConfig : ManualConfig
{
    /// <summary>Creates the configuration.</summary>
    public RowsPerSecondConfig() => AddColumn(new PerSecondColumn("Rows/s", _ => 1));
}
