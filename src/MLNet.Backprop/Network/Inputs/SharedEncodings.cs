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

    private SharedEncodings(int[][] slots, int[] widths, int capacity)
    {
        _slots = slots;
        _widths = widths;
        _values = widths.Select(w => new float[(long)capacity * w]).ToArray();
        _current = new bool[widths.Length];
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
                    widths.Add(Width(parts[p]));
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
        return new SharedEncodings(slots, [.. widths], capacity);
    }

    /// <summary>Forgets the encodings computed so far: the next rows are new.</summary>
    public void NewRows() => Array.Clear(_current);

    /// <summary>Whether part <paramref name="part"/> of network <paramref name="network"/> reads a shared encoding.</summary>
    public bool Shares(int network, int part) => _slots[network][part] >= 0;

    /// <summary>The shared encoding of <paramref name="input"/> that the part reads, computed by the part on first use
    /// since <see cref="NewRows"/>.</summary>
    public ReadOnlySpan<float> Encoding(int network, int part, IInputPart inputPart, in InputView input)
    {
        int slot = _slots[network][part];
        Span<float> values = _values[slot].AsSpan(0, input.Rows * _widths[slot]);
        if (!_current[slot])
        {
            if (inputPart is EncodedDenseInput encoded) encoded.EncodeRows(input, values);
            else ((ClippedFeaturesInput)inputPart).ClipRows(input, values);
            _current[slot] = true;
        }
        return values;
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

    private static int Width(IInputPart part) => part is ClippedFeaturesInput f ? f.Description.Slots : part.Description.Rows;

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
