using MLNet.Backprop.Numerics;
using System.Runtime.InteropServices;

namespace MLNet.Backprop.Network.Inputs;

/// <summary>
/// The fixed (parameter-free) encodings of the rows being scored that the networks of an ensemble compute alike, computed
/// once per row and read by every network: the piecewise-linear bins (<see cref="EncodedDenseInput"/>) and the robust
/// clip (<see cref="RobustClip"/>) in front of a periodic part (<see cref="ClippedFeaturesInput"/>). The trainer gives
/// every network of an ensemble the same bins and the same clip, so each network's own part would compute the very
/// values the first one computed: a network reading them here reads the same bits its part writes.
/// </summary>
/// <remarks>
/// Two parts share an encoding only when their encoders hold the same float bits (compared once, when the scorer is
/// built: the networks of a loaded model hold equal copies, not one instance). Not thread-safe: one per scorer, beside
/// its workspaces. Scoring only; training runs each network's parts as they are.
/// </remarks>
internal sealed class SharedEncodings
{
    // Per network and part: the slot of its encoding, or −1 for a part that computes its own.
    private readonly int[][] _slots;
    private readonly float[][] _values;
    private readonly int[] _widths;
    private readonly bool[] _current;

    // Per slot of piecewise-linear bins, scoring one row at a time: the positions of the row's non-zero bins (their count
    // in _nonZeroCounts), so that the bins' product reads the weight rows of those alone (ZeroSkippingRow); null elsewhere.
    private readonly int[]?[] _nonZero;
    private readonly int[] _nonZeroCounts;

    // Per network and part, scoring one row at a time: whether its product may skip the zeros it multiplies (a
    // piecewise-linear part's bins, a periodic part's E) because its rows of W are all finite, checked once here: 0·∞
    // would be NaN, which skipping would lose.
    private readonly bool[][] _skipsZeros;

    private SharedEncodings(int[][] slots, int[] widths, bool[] bins, bool[][] skipsZeros, int capacity)
    {
        _slots = slots;
        _widths = widths;
        _values = widths.Select(w => new float[(long)capacity * w]).ToArray();
        _current = new bool[widths.Length];
        _nonZero = widths.Select((w, slot) => capacity == 1 && bins[slot] ? new int[w] : null).ToArray();
        _nonZeroCounts = new int[widths.Length];
        _skipsZeros = skipsZeros;
    }

    /// <summary>The encodings two or more of <paramref name="networks"/> share, for batches of up to
    /// <paramref name="capacity"/> rows; null when no two networks have an equal encoding (a single network, or
    /// networks with none), where sharing would only add work.</summary>
    public static SharedEncodings? For(IReadOnlyList<NeuralNetwork> networks, int capacity)
    {
        var encoders = new List<object>();
        var widths = new List<int>();
        var uses = new List<int>();
        var slots = new int[networks.Count][];
        for (int n = 0; n < networks.Count; n++)
        {
            var parts = networks[n].Input.Parts;
            slots[n] = new int[parts.Count];
            for (int p = 0; p < parts.Count; p++)
            {
                object? encoder = Encoder(parts[p]);
                int slot = encoder is null ? -1 : encoders.FindIndex(e => SameBits(e, encoder));
                if (encoder is not null && slot < 0)
                {
                    slot = encoders.Count;
                    encoders.Add(encoder);
                    widths.Add(((IFixedEncodingPart)parts[p]).EncodedWidth);
                    uses.Add(0);
                }
                if (slot >= 0) uses[slot]++;
                slots[n][p] = slot;
            }
        }
        if (!uses.Any(u => u > 1)) return null;
        // An encoding only one part computes stays with that part: nothing to share.
        for (int n = 0; n < slots.Length; n++)
            for (int p = 0; p < slots[n].Length; p++)
                if (slots[n][p] >= 0 && uses[slots[n][p]] == 1) slots[n][p] = -1;
        var bins = encoders.Select(e => e is QuantileBins).ToArray();
        var skipsZeros = networks.Select((network, n) => network.Input.Parts.Select((part, p) => capacity == 1 &&
            part is PiecewiseLinearInput or ClippedFeaturesInput { Inner: PeriodicInput } && slots[n][p] >= 0 && AllFinite(network.Input.WeightRows(p))).ToArray()).ToArray();
        return new SharedEncodings(slots, [.. widths], bins, skipsZeros, capacity);
    }

    /// <summary>Forgets the encodings computed so far: the next rows are new.</summary>
    public void NewRows() => Array.Clear(_current);

    /// <summary>Whether part <paramref name="part"/> of network <paramref name="network"/> reads a shared encoding.</summary>
    public bool Shares(int network, int part) => _slots[network][part] >= 0;

    /// <summary>The shared encoding of <paramref name="input"/> that the part reads, computed by the part on first use
    /// since <see cref="NewRows"/>.</summary>
    public ReadOnlySpan<float> Encoding(int network, int part, IFixedEncodingPart inputPart, in InputView input)
    {
        int slot = _slots[network][part];
        Span<float> values = _values[slot].AsSpan(0, input.Rows * _widths[slot]);
        if (!_current[slot])
        {
            inputPart.Encode(input, values);
            if (_nonZero[slot] is { } positions && input.Rows == 1) _nonZeroCounts[slot] = ZeroSkippingRow.NonZeros(values, positions);
            _current[slot] = true;
        }
        return values;
    }

    /// <summary>Whether part <paramref name="part"/> of network <paramref name="network"/>, scoring one row, may skip the
    /// zeros its product with its rows of W multiplies (those rows are finite): a periodic part's E
    /// (<see cref="IFixedEncodingPart.ForwardEncoded"/>), a piecewise-linear part's bins (<see cref="TryForwardSkippingZeros"/>).</summary>
    public bool SkipsZeros(int network, int part) => _skipsZeros[network][part];

    /// <summary>z = the part's shared one-row encoding (<see cref="Encoding"/>, read first) · <paramref name="weights"/>,
    /// reading the weight rows of its non-zero values alone: Gemm's bits (see <see cref="ZeroSkippingRow"/>). False, and z
    /// to be computed by the caller, where that does not apply (not piecewise-linear bins, several rows, accumulating
    /// onto an earlier part, or a ±0 in the result).</summary>
    public bool TryForwardSkippingZeros(int network, int part, ReadOnlySpan<float> encoded, ReadOnlySpan<float> weights, Span<float> z, int units, bool accumulate)
    {
        int slot = _slots[network][part];
        if (accumulate || !_skipsZeros[network][part] || _nonZero[slot] is not { } positions || encoded.Length != _widths[slot]) return false;
        return ZeroSkippingRow.TryMultiply(encoded, positions.AsSpan(0, _nonZeroCounts[slot]), weights, z, units);
    }

    private static bool AllFinite(ReadOnlySpan<float> values)
    {
        foreach (float v in values)
            if (!float.IsFinite(v)) return false;
        return true;
    }

    // What a part computes from the features alone (kept apart by type: a clip feeding a periodic part and a clipped dense
    // block are different encodings), or null for a part whose input depends on learned values or is read as it is.
    private static object? Encoder(IInputPart part) => part switch
    {
        PiecewiseLinearInput p => p.Description.Bins,
        ClippedDenseInput c => c.Description,
        ClippedFeaturesInput f => f,
        _ => null,
    };

    private static bool SameBits(object a, object b) => (a, b) switch
    {
        (QuantileBins x, QuantileBins y) => x.Features == y.Features && Enumerable.Range(0, x.Features).All(f => SameBits(x.Edges(f), y.Edges(f))),
        (InputPartDescription x, InputPartDescription y) => SameBits(x.Clip!, y.Clip!),
        (ClippedFeaturesInput x, ClippedFeaturesInput y) => SameBits(x.Description.Clip!, y.Description.Clip!),
        _ => false,
    };

    private static bool SameBits(RobustClip x, RobustClip y) => SameBits(x.Centers, y.Centers) && SameBits(x.InverseScales, y.InverseScales);

    private static bool SameBits(ReadOnlySpan<float> x, ReadOnlySpan<float> y) =>
        MemoryMarshal.Cast<float, int>(x).SequenceEqual(MemoryMarshal.Cast<float, int>(y));
}
