using MLNet.Backprop.Network;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Training;

// The embedding tables' side of the recorder (EmbeddingStatistics). Everything is read from the rows a batch touched:
// a table can hold millions of rows of which a batch reads a few dozen, so nothing here is proportional to its size
// except one int per row, the epoch it was last touched in.
internal sealed partial class LayerStatisticsRecorder
{
    private sealed class TableTotals(EmbeddingInput part, int parameter)
    {
        public readonly EmbeddingInput Part = part;
        /// <summary>Index of the table in the network's parameters (and in the gradient squares).</summary>
        public readonly int Parameter = parameter;
        /// <summary>Per table row: the epoch (1-based count of <see cref="BeginEpoch"/> calls) it was last touched in, 0 never.</summary>
        public readonly int[] LastTouched = new int[part.Description.Slots];
        public double NormSum, NormMax, RmsSum, UpdateRatio = double.NaN;
        public int TouchedInEpoch, NeverTouched = part.Description.Slots - 1;
        /// <summary>The last step's touched rows and their values before it (the update ratio's "before").</summary>
        public int[] StepRows = [];
        public float[] StepValues = [];
        public int StepCount;
    }

    private TableTotals[] _tables = [];
    private int _epoch;

    private void StartTables(NeuralNetwork network)
    {
        var parameters = network.Parameters;
        _tables = network.Input.Parts.OfType<EmbeddingInput>()
            .Select(p => new TableTotals(p, IndexOf(parameters, p.Table))).ToArray();
    }

    private static int IndexOf(IReadOnlyList<Parameter> parameters, Parameter p)
    {
        for (int i = 0; i < parameters.Count; i++) if (ReferenceEquals(parameters[i], p)) return i;
        throw new InvalidOperationException($"The embedding table {p.Name} is not among the network's parameters.");
    }

    private void BeginTables()
    {
        _epoch++;
        foreach (var t in _tables)
        {
            t.NormSum = t.NormMax = t.RmsSum = 0;
            t.UpdateRatio = double.NaN;
            t.TouchedInEpoch = 0;
        }
    }

    /// <summary>A batch's gradient norms of the tables (already summed by the gradient squares) and the rows it touched.</summary>
    private void RecordTables()
    {
        foreach (var t in _tables)
        {
            double norm = Math.Sqrt(_gradientSquares[t.Parameter]);
            t.NormSum += norm;
            if (!(norm <= t.NormMax)) t.NormMax = norm;
            var rows = t.Part.BatchRows;
            if (rows.Length > 0) t.RmsSum += TouchedRms(norm, rows.Length, t.Part.Description.Rows);
            foreach (int row in rows)
            {
                int last = t.LastTouched[row];
                if (last == _epoch) continue;
                t.LastTouched[row] = _epoch;
                if (row == 0) continue; // the unknown key's row: not a key value
                t.TouchedInEpoch++;
                if (last == 0) t.NeverTouched--;
            }
        }
    }

    /// <summary>Keeps the values of the rows the coming step touches (the epoch's last step only).</summary>
    private void TablesBeforeStep()
    {
        foreach (var t in _tables)
        {
            var rows = t.Part.BatchRows;
            int width = t.Part.Description.Rows;
            if (t.StepRows.Length < rows.Length) t.StepRows = new int[rows.Length];
            if (t.StepValues.Length < rows.Length * width) t.StepValues = new float[rows.Length * width];
            rows.CopyTo(t.StepRows);
            t.StepCount = rows.Length;
            float[] values = t.Part.Table.Values;
            for (int r = 0; r < rows.Length; r++) values.AsSpan(rows[r] * width, width).CopyTo(t.StepValues.AsSpan(r * width, width));
        }
    }

    /// <summary>‖Δv‖ / ‖v‖ over the rows the step touched.</summary>
    private void TablesAfterStep()
    {
        foreach (var t in _tables)
        {
            int width = t.Part.Description.Rows;
            float[] values = t.Part.Table.Values;
            double delta = 0, before = 0;
            for (int r = 0; r < t.StepCount; r++)
            {
                var was = t.StepValues.AsSpan(r * width, width);
                double d = WideSums.Distance(values.AsSpan(t.StepRows[r] * width, width), was);
                double n = WideSums.Norm(was);
                delta += d * d;
                before += n * n;
            }
            t.UpdateRatio = before > 0 ? Math.Sqrt(delta / before) : double.NaN;
        }
    }

    /// <summary>The embedding tables' statistics of the epoch (call with <see cref="EndEpoch"/>).</summary>
    public IReadOnlyList<EmbeddingStatistics> EndTables() => _tables.Select(t => new EmbeddingStatistics
    {
        Table = t.Part.KeyColumn,
        Keys = t.Part.Description.Slots - 1,
        Width = t.Part.Description.Rows,
        GradientNormMean = _batches > 0 ? t.NormSum / _batches : 0,
        GradientNormMax = t.NormMax,
        GradientRms = _batches > 0 ? t.RmsSum / _batches : 0,
        UpdateRatio = t.UpdateRatio,
        KeysTouched = t.TouchedInEpoch,
        KeysNeverTouched = t.NeverTouched,
    }).ToArray();
}
