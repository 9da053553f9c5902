using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Integration.Data;
using MLNet.Backprop.Integration.Schema;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Numerics;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Integration.Scoring;

/// <summary>
/// The output values of the current row of one cursor or mapped row: reads the features, runs the scorer once per
/// <see cref="DataViewRow.Position"/> and serves the output getters from the cached result.
/// </summary>
/// <remarks>
/// Not thread-safe: one instance per cursor or row, each with its own <see cref="IRowScorer"/> and buffers, so
/// scoring allocates nothing per row. Getters of several output columns share one scoring of the row.
/// </remarks>
internal sealed class ScoredRowValues
{
    private readonly ScoringBinding _binding;
    private readonly DataViewRow _input;
    private readonly bool[] _activeOutputs;
    private readonly IRowScorer? _scorer;
    private readonly ValueGetter<VBuffer<float>>? _featureGetter;
    private readonly float[] _dense;
    private readonly Func<int>[] _keyGetters = [];
    private readonly int[] _keys = [];
    private readonly bool _sparse;
    private readonly int[] _rowOffsets = new int[2];
    private int[] _slots = [];
    private float[] _values = [];
    private readonly float[] _scores, _predictions;
    private VBuffer<float> _features;
    private long _scoredPosition = -1;
    private readonly bool _singleRow;

    /// <summary>Prepares the state; the scorer and the feature getter are created only when an output is active.</summary>
    /// <param name="binding">The bound model.</param>
    /// <param name="input">The input row or cursor; its feature column must be active when any output is.</param>
    /// <param name="activeOutputs">One flag per output column, in output order.</param>
    /// <param name="singleRow">True for a row mapper (a <c>PredictionEngine</c>): its position counts calls, not rows of
    /// any data, so messages speak of the row being predicted instead.</param>
    public ScoredRowValues(ScoringBinding binding, DataViewRow input, bool[] activeOutputs, bool singleRow = false)
    {
        _singleRow = singleRow;
        _binding = binding;
        _input = input;
        _activeOutputs = activeOutputs;
        _scores = new float[binding.Factory.OutputCount];
        _predictions = new float[binding.Factory.OutputCount];
        _dense = [];
        if (activeOutputs.Any(a => a))
        {
            _scorer = binding.Factory.CreateScorer();
            // A model of categorical columns alone has no feature vector: an empty one is scored.
            _featureGetter = binding.FeatureColumn is { } features ? input.GetGetter<VBuffer<float>>(input.Schema[features.Index]) : (ref VBuffer<float> v) => v = default;
            _keyGetters = binding.KeyColumns.Select(k => Data.KeyColumnReader.Create(input, input.Schema[k.Index])).ToArray();
            _keys = new int[_keyGetters.Length];
            // A model that reads sparse rows takes the vector's entries as they are; no dense row is kept.
            _sparse = binding.Factory.Inputs.SparseWidth > 0;
            _dense = _sparse ? [] : new float[binding.Factory.FeatureCount];
        }
    }

    /// <summary>Whether the output column at <paramref name="outputIndex"/> (0 = first output) was requested.</summary>
    public bool IsActive(int outputIndex) => _activeOutputs[outputIndex];

    /// <summary>Returns the getter of an output column of <see cref="ScoringBinding.OutputSchema"/>.</summary>
    /// <exception cref="InvalidOperationException">The column is not active, or <typeparamref name="T"/> is not its type.</exception>
    /// <remarks>
    /// The getters throw <see cref="InvalidDataException"/> when a row's feature vector has the wrong length or holds a
    /// NaN or infinity (the message names the column, the row position and the first bad slot; replace missing values
    /// upstream, e.g. with <c>ReplaceMissingValues</c>), and <see cref="InvalidOperationException"/> when the model
    /// produces a non-finite output (NaN, or an overflow to ±∞), which would otherwise silently become a wrong prediction:
    /// the message names the input beyond ±1e15 that caused it when there is one. A row mapper (a <c>PredictionEngine</c>)
    /// speaks of "the row being predicted", since its position only counts calls.
    /// </remarks>
    public ValueGetter<T> GetGetter<T>(DataViewSchema.Column column)
    {
        int output = column.Index - _binding.InputSchema.Count;
        if (!_activeOutputs[output])
            throw new InvalidOperationException($"Column '{column.Name}' is not active; request it when creating the cursor or row.");
        Delegate getter = (_binding.Factory.Kind, column.Name) switch
        {
            (PredictionKind.BinaryClassification, ScoreColumnNames.Score) => (ValueGetter<float>)GetFirst,
            (PredictionKind.BinaryClassification, ScoreColumnNames.Probability) => (ValueGetter<float>)GetProbability,
            (PredictionKind.BinaryClassification, ScoreColumnNames.PredictedLabel) => (ValueGetter<bool>)GetPositive,
            (PredictionKind.MulticlassClassification, ScoreColumnNames.Score) => (ValueGetter<VBuffer<float>>)GetAll,
            (PredictionKind.MulticlassClassification, ScoreColumnNames.PredictedLabel) => (ValueGetter<uint>)GetArgMaxKey,
            (PredictionKind.Regression, ScoreColumnNames.Score) => (ValueGetter<float>)GetPrediction,
            _ => throw new InvalidOperationException($"Column '{column.Name}' is not an output of a {_binding.Factory.Kind} model."),
        };
        return getter as ValueGetter<T> ?? throw new InvalidOperationException(
            $"Invalid TValue in GetGetter for column '{column.Name}': '{typeof(T)}', expected type: '{column.Type.RawType}'.");
    }

    private void GetFirst(ref float value) => value = Scores()[0];

    private void GetProbability(ref float value) => value = Predictions()[0];

    private void GetPositive(ref bool value) => value = Scores()[0] > 0;

    private void GetPrediction(ref float value) => value = Predictions()[0];

    private void GetAll(ref VBuffer<float> value)
    {
        var outputs = Predictions();
        var editor = VBufferEditor.Create(ref value, outputs.Length);
        outputs.CopyTo(editor.Values);
        value = editor.Commit();
    }

    // Keys are 1-based (0 means missing); ties go to the first class, as ML.NET's scorers do.
    private void GetArgMaxKey(ref uint value)
    {
        var outputs = Predictions();
        int best = 0;
        for (int k = 1; k < outputs.Length; k++)
        {
            if (outputs[k] > outputs[best])
                best = k;
        }
        value = (uint)best + 1;
    }

    /// <summary>The raw outputs of the current row (logits; regression values).</summary>
    private ReadOnlySpan<float> Scores()
    {
        ScoreCurrentRow();
        return _scores;
    }

    /// <summary>The loss's link of <see cref="Scores"/> (probabilities; regression values).</summary>
    private ReadOnlySpan<float> Predictions()
    {
        ScoreCurrentRow();
        return _predictions;
    }

    private void ScoreCurrentRow()
    {
        long position = _input.Position;
        if (position == _scoredPosition) return;
        Score(position);
        _scoredPosition = position;
    }

    private void Score(long position)
    {
        _featureGetter!(ref _features);
        string column = _binding.FeatureColumn?.Name ?? "";
        int expected = _binding.Factory.FeatureCount;
        if (_features.Length != expected)
        {
            throw new InvalidDataException(
                $"Feature column '{column}' holds {_features.Length} values {Where(position)}; the model expects {expected}.");
        }

        for (int k = 0; k < _keyGetters.Length; k++) _keys[k] = _keyGetters[k]();
        if (_sparse)
        {
            ScoreSparse(position);
            return;
        }

        // Dense vectors are read in place; sparse ones are expanded into the reused buffer.
        ReadOnlySpan<float> features;
        if (_features.IsDense)
        {
            features = _features.GetValues();
        }
        else
        {
            _features.CopyTo(_dense);
            features = _dense;
        }

        for (int i = 0; i < features.Length; i++)
        {
            if (!float.IsFinite(features[i]))
            {
                throw new InvalidDataException(
                    $"Feature column '{column}' holds {features[i]} in {SlotName.Describe(_binding.FeatureColumn, i)} {Where(position)}; the model needs finite " +
                    "features. Replace missing values before scoring, e.g. with ReplaceMissingValues, and check for infinities.");
            }
        }

        _scorer!.Score(new InputView(1, features, keys: _keys), _scores, _predictions);
        foreach (float output in _scores)
            if (!float.IsFinite(output)) throw NonFinite(output, features, position);
        foreach (float prediction in _predictions)
            if (!float.IsFinite(prediction)) throw NonFinite(prediction, features, position);
    }

    /// <summary>A model with a sparse input: the vector's explicit entries (a dense vector's non-zeros) as one CSR row.</summary>
    private void ScoreSparse(long position)
    {
        ReadOnlySpan<float> values;
        ReadOnlySpan<int> slots;
        if (_features.IsDense)
        {
            var dense = _features.GetValues();
            if (_slots.Length < dense.Length) (_slots, _values) = (new int[dense.Length], new float[dense.Length]);
            int count = 0;
            for (int i = 0; i < dense.Length; i++)
            {
                if (dense[i] == 0f) continue;
                _slots[count] = i;
                _values[count++] = dense[i];
            }
            slots = _slots.AsSpan(0, count);
            values = _values.AsSpan(0, count);
        }
        else
        {
            slots = _features.GetIndices();
            values = _features.GetValues();
        }

        string column = _binding.FeatureColumn?.Name ?? "";
        for (int k = 0; k < values.Length; k++)
        {
            if (!float.IsFinite(values[k]))
            {
                throw new InvalidDataException(
                    $"Feature column '{column}' holds {values[k]} in {SlotName.Describe(_binding.FeatureColumn, slots[k])} {Where(position)}; the model needs finite " +
                    "features. Replace missing values before scoring, e.g. with ReplaceMissingValues, and check for infinities.");
            }
        }
        _rowOffsets[1] = values.Length;
        _scorer!.Score(new InputView(1, default, _rowOffsets, slots, values, _keys), _scores, _predictions);
        foreach (float output in _scores)
            if (!float.IsFinite(output)) throw NonFinite(output, values, slots, position);
        foreach (float prediction in _predictions)
            if (!float.IsFinite(prediction)) throw NonFinite(prediction, values, slots, position);
    }

    private string Where(long position) => _singleRow ? "in the row being predicted" : $"at {RowNumber.Of(position)}";

    // A finite model gives a non-finite output only from inputs far outside what it was trained on: name the largest.
    private InvalidOperationException NonFinite(float output, ReadOnlySpan<float> features, long position) => NonFinite(output, features, default, position);

    /// <summary>The error for a non-finite output; <paramref name="slots"/> names the slot of each value (empty: a dense row).</summary>
    private InvalidOperationException NonFinite(float output, ReadOnlySpan<float> features, ReadOnlySpan<int> slots, long position)
    {
        string column = _binding.FeatureColumn?.Name ?? "(none: categorical columns only)";
        int largest = 0;
        for (int i = 1; i < features.Length; i++) if (MathF.Abs(features[i]) > MathF.Abs(features[largest])) largest = i;
        float value = features.IsEmpty ? 0f : features[largest];
        int slot = slots.IsEmpty ? largest : slots[largest];
        if (MathF.Abs(value) > FeatureLimits.MaxMagnitude)
            return new InvalidOperationException(
                $"The model's output is {output} {Where(position)}: feature column '{column}' holds {value} in slot {slot}, beyond the " +
                $"±{FeatureLimits.MaxMagnitude:G3} training accepts and far from the values the model learned from. Check that input (its units, a missing scaling step).");
        return new InvalidOperationException(
            $"The model produced {output} for {(_singleRow ? "the row being predicted" : RowNumber.Of(position))} (feature column '{column}', largest input {value} in slot {slot}); " +
            "its parameters are probably not finite.");
    }
}
