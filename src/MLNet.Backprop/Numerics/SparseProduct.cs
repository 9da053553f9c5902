using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MLNet.Backprop.Numerics;

/// <summary>
/// The two products of a sparse block of rows (CSR) with a dense row-major matrix W (slots × units): Z = X·W, each row
/// of Z the sum of the W rows its non-zeros name, scaled by their values; and Xᵀ·Δ restricted to the slots the rows
/// touch, each touched slot's row of the result the sum of its values times the rows of Δ. Work ∝ non-zeros × units.
/// </summary>
/// <remarks>
/// <para>Every element goes through the same single-precision operations whichever lane or thread handles it
/// (<see cref="ILane{TSelf}"/>: a product, then a sum, never fused): a row of Z adds its non-zeros in their CSR order, a
/// touched slot's row adds its contributions in increasing row order. Threads split the rows (forward) or the touched
/// slots (backward) into ranges, so the bits do not depend on the thread count.</para>
/// <para>The CSR offsets are absolute positions into the index and value spans (a slice of a larger block keeps them).</para>
/// </remarks>
internal static unsafe class SparseProduct
{
    /// <summary>Entries ahead whose row of W (or of the gradient) is asked for before it is used: W is far larger than the
    /// caches and a batch's slots are scattered over it.</summary>
    private const int Ahead = 8;

    /// <summary>Multiply-adds below which one thread does the whole product (a hand-off costs a few µs).</summary>
    private const long MinParallelWork = 1 << 16;

    /// <summary>z[r, :] = (or += with <paramref name="accumulate"/>) Σ_k values[k]·w[indices[k], :] over row r's
    /// entries k ∈ [offsets[r], offsets[r + 1]).</summary>
    public static void Multiply(ReadOnlySpan<int> offsets, ReadOnlySpan<int> indices, ReadOnlySpan<float> values, ReadOnlySpan<float> w, Span<float> z,
        int rows, int units, bool accumulate, int threads)
    {
        if (offsets.Length < rows + 1) throw new ArgumentException($"{offsets.Length} offsets for {rows} rows.", nameof(offsets));
        if (z.Length < (long)rows * units) throw new ArgumentException($"z holds {z.Length} values; {rows} × {units} needed.", nameof(z));
        if (rows == 0) return;
        CheckEntries(offsets[0], offsets[rows], indices, values, w.Length / Math.Max(1, units));
        long work = (long)(offsets[rows] - offsets[0]) * units;
        int parts = threads > 1 && work >= MinParallelWork ? Math.Min(Math.Min(threads, Environment.ProcessorCount), rows) : 1;
        if (parts > 1)
        {
            fixed (int* o = offsets, ix = indices)
            fixed (float* v = values, pw = w, pz = z)
            {
                var job = _forward ??= new ForwardParts();
                job.Set(o, ix, v, pw, w.Length, pz, rows, units, accumulate, parts);
                try
                {
                    if (!ParallelRunner.TryRun(job, parts)) job.RunInline(parts);
                }
                finally
                {
                    job.Set(null, null, null, null, 0, null, 0, 0, false, 0);
                }
            }
            return;
        }
        MultiplyRows(offsets, indices, values, w, z, 0, rows, units, accumulate);
    }

    /// <summary>
    /// The slots the rows touch and their rows of Xᵀ·Δ: every slot met in the rows' entries is listed once, in order of
    /// first appearance (row by row, entry by entry), in <paramref name="touched"/>, and its row of
    /// <paramref name="gradient"/> (slots × units) gets Σ values·Δ[r, :] over the entries naming it, added in increasing r.
    /// The rows of <paramref name="gradient"/> it touches must be zero on entry (unless <paramref name="compact"/>); the
    /// others are not read or written.
    /// </summary>
    /// <param name="offsets">Rows + 1 absolute positions into <paramref name="indices"/> and <paramref name="values"/>.</param>
    /// <param name="indices">Slots, each in [0, slots).</param>
    /// <param name="values">The entries' values.</param>
    /// <param name="delta">Δ, rows × units.</param>
    /// <param name="gradient">slots × units; the touched rows receive their sums.</param>
    /// <param name="rows">Rows of the block.</param>
    /// <param name="units">Columns of Δ and of the gradient.</param>
    /// <param name="slots">The input's width: every index is below it.</param>
    /// <param name="places">The reusable table that lists the touched slots.</param>
    /// <param name="touched">Receives the touched slots; at least as long as the block's entries (or its slots, if fewer).</param>
    /// <param name="entryPlace">Scratch, one value per entry of the block: the place of its slot.</param>
    /// <param name="threads">Threads that may split the touched slots.</param>
    /// <param name="compact">The gradient holds the touched slots' rows only, in their listed order (the i-th touched
    /// slot's row at i × units; at least as many rows as the block has entries, or slots if fewer), instead of every
    /// slot's row: the same sums, in the same order, at other addresses. Its rows need not be zero on entry: each is
    /// cleared by its first entry, while it is in cache (no pass clearing the whole gradient first).</param>
    /// <param name="rowSquares">With <paramref name="compact"/>, empty or one value per touched slot: receives each
    /// touched row's Σ g² (<see cref="Numerics.WideSums.SumOfSquares"/>),
    /// computed by the thread that summed the row, while it is in cache: the gradient norm and row-wise Adagrad need
    /// exactly these.</param>
    /// <returns>The number of touched slots.</returns>
    public static int TransposeMultiply(ReadOnlySpan<int> offsets, ReadOnlySpan<int> indices, ReadOnlySpan<float> values, ReadOnlySpan<float> delta,
        Span<float> gradient, int rows, int units, int slots, SlotPlaces places, Span<int> touched, Span<int> entryPlace, int threads, bool compact = false,
        Span<float> rowSquares = default)
    {
        if (offsets.Length < rows + 1) throw new ArgumentException($"{offsets.Length} offsets for {rows} rows.", nameof(offsets));
        if (delta.Length < (long)rows * units) throw new ArgumentException($"delta holds {delta.Length} values; {rows} × {units} needed.", nameof(delta));
        if (rows == 0) return 0;
        int first = offsets[0], end = offsets[rows];
        CheckEntries(first, end, indices, values, slots);
        long gradientRows = compact ? Math.Min(end - first, slots) : slots;
        if (gradient.Length < gradientRows * units)
            throw new ArgumentException($"The gradient holds {gradient.Length} values; {gradientRows} rows × {units} needed.", nameof(gradient));
        if (touched.Length < Math.Min(end - first, slots))
            throw new ArgumentException($"touched holds {touched.Length} slots; the block has {end - first} entries of {slots} slots.", nameof(touched));
        if (!rowSquares.IsEmpty && (!compact || rowSquares.Length < Math.Min(end - first, slots)))
            throw new ArgumentException($"rowSquares holds {rowSquares.Length} values; a compact gradient's {Math.Min(end - first, slots)} rows needed.", nameof(rowSquares));

        int count = places.List(indices[first..end], touched, entryPlace);
        long work = (long)(end - first) * units;
        int parts = threads > 1 && work >= MinParallelWork ? Math.Min(Math.Min(threads, Environment.ProcessorCount), count) : 1;
        if (parts > 1)
        {
            fixed (int* o = offsets, ix = indices, at = entryPlace)
            fixed (float* v = values, d = delta, g = gradient, sq = rowSquares)
            {
                var job = _backward ??= new BackwardParts();
                job.Set(o, ix, v, d, g, gradient.Length, at, sq, rows, units, count, parts, compact);
                try
                {
                    if (!ParallelRunner.TryRun(job, parts)) job.RunInline(parts);
                }
                finally
                {
                    job.Set(null, null, null, null, null, 0, null, null, 0, 0, 0, 0, false);
                }
            }
        }
        else AccumulateSlots(offsets, indices, values, delta, gradient, entryPlace, rowSquares, rows, units, 0, count, compact);
        return count;
    }

    private static void CheckEntries(int first, int end, ReadOnlySpan<int> indices, ReadOnlySpan<float> values, int slots)
    {
        if (first < 0 || end < first || end > indices.Length || end > values.Length)
            throw new ArgumentException($"The offsets name entries {first} to {end}; the block holds {Math.Min(indices.Length, values.Length)}.");
        for (int k = first; k < end; k++)
            if ((uint)indices[k] >= (uint)slots) throw new ArgumentOutOfRangeException(nameof(indices), indices[k], $"A slot must be in [0, {slots}).");
    }

    private static void MultiplyRows(ReadOnlySpan<int> offsets, ReadOnlySpan<int> indices, ReadOnlySpan<float> values, ReadOnlySpan<float> w, Span<float> z,
        int begin, int end, int units, bool accumulate)
    {
        ref float wr = ref MemoryMarshal.GetReference(w);
        ref float zr = ref MemoryMarshal.GetReference(z);
        int last = offsets[end];
        for (int r = begin; r < end; r++)
        {
            ref float row = ref Unsafe.Add(ref zr, (nint)r * units);
            if (!accumulate) MemoryMarshal.CreateSpan(ref row, units).Clear();
            for (int k = offsets[r]; k < offsets[r + 1]; k++)
            {
                if (k + Ahead < last) CacheHint.Prefetch(w.Slice(indices[k + Ahead] * units, units));
                AddScaled(ref row, ref Unsafe.Add(ref wr, (nint)indices[k] * units), values[k], units);
            }
        }
    }

    // Each touched slot whose place in the list is in [lo, hi) gets its entries, in row order: in the slot's row of the
    // gradient, or (compact) in the row of its place, cleared by the place's first entry; then (compact) the rows' Σ g².
    private static void AccumulateSlots(ReadOnlySpan<int> offsets, ReadOnlySpan<int> indices, ReadOnlySpan<float> values, ReadOnlySpan<float> delta,
        Span<float> gradient, ReadOnlySpan<int> entryPlace, Span<float> rowSquares, int rows, int units, int lo, int hi, bool compact)
    {
        ref float dr = ref MemoryMarshal.GetReference(delta);
        ref float gr = ref MemoryMarshal.GetReference(gradient);
        int first = offsets[0], last = offsets[rows];
        for (int r = 0; r < rows; r++)
        {
            ref float deltaRow = ref Unsafe.Add(ref dr, (nint)r * units);
            for (int k = offsets[r]; k < offsets[r + 1]; k++)
            {
                int listed = entryPlace[k - first], place = listed ^ (listed >> 31); // a first entry's place is complemented
                if (place < lo || place >= hi) continue;
                if (compact)
                {
                    // The touched rows lie together: no prefetch needed.
                    ref float row = ref Unsafe.Add(ref gr, (nint)place * units);
                    if (listed < 0) MemoryMarshal.CreateSpan(ref row, units).Clear();
                    AddScaled(ref row, ref deltaRow, values[k], units);
                    continue;
                }
                if (k + Ahead < last) CacheHint.Prefetch(gradient.Slice(indices[k + Ahead] * units, units));
                AddScaled(ref Unsafe.Add(ref gr, (nint)indices[k] * units), ref deltaRow, values[k], units);
            }
        }
        if (rowSquares.IsEmpty) return;
        for (int place = lo; place < hi; place++)
            rowSquares[place] = WideSums.SumOfSquares(gradient.Slice(place * units, units));
    }

    /// <summary>destination[j] += scale·source[j] for j &lt; n: a product then a sum per element, in every lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddScaled(ref float destination, ref float source, float scale, int n)
    {
        nuint j = 0;
        if (Lanes.Use512) j = AddScaled<Vector512Lane>(j, ref destination, ref source, scale, n);
        if (Lanes.Use256) j = AddScaled<Vector256Lane>(j, ref destination, ref source, scale, n);
        if (Lanes.Use128) j = AddScaled<Vector128Lane>(j, ref destination, ref source, scale, n);
        AddScaled<ScalarLane>(j, ref destination, ref source, scale, n);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nuint AddScaled<TLane>(nuint j, ref float destination, ref float source, float scale, int n) where TLane : struct, ILane<TLane>
    {
        TLane s = TLane.Broadcast(scale);
        for (; (int)j <= n - TLane.Count; j += (nuint)TLane.Count)
            (TLane.Load(ref destination, j) + s * TLane.Load(ref source, j)).Store(ref destination, j);
        return j;
    }

    [ThreadStatic] private static ForwardParts? _forward;
    [ThreadStatic] private static BackwardParts? _backward;

    /// <summary>Row ranges of one forward product.</summary>
    private sealed class ForwardParts : ParallelWork
    {
        private int* _offsets, _indices;
        private float* _values, _w, _z;
        private int _wLength, _rows, _units, _parts;
        private bool _accumulate;

        public void Set(int* offsets, int* indices, float* values, float* w, int wLength, float* z, int rows, int units, bool accumulate, int parts)
        {
            _offsets = offsets;
            _indices = indices;
            _values = values;
            _w = w;
            _z = z;
            (_wLength, _rows, _units, _accumulate, _parts) = (wLength, rows, units, accumulate, parts);
        }

        protected override void RunPart(int part)
        {
            var (begin, end) = PartOf(_rows, part, _parts);
            int entries = _offsets[_rows];
            // Spans over what the pinned spans covered: every index was checked against the slots before the job started.
            MultiplyRows(new ReadOnlySpan<int>(_offsets, _rows + 1), new ReadOnlySpan<int>(_indices, entries), new ReadOnlySpan<float>(_values, entries),
                new ReadOnlySpan<float>(_w, _wLength), new Span<float>(_z, _rows * _units), begin, end, _units, _accumulate);
        }
    }

    /// <summary>Ranges of touched slots of one backward product.</summary>
    private sealed class BackwardParts : ParallelWork
    {
        private int* _offsets, _indices, _entryPlace;
        private float* _values, _delta, _gradient, _rowSquares;
        private int _gradientLength, _rows, _units, _count, _parts;
        private bool _compact;

        public void Set(int* offsets, int* indices, float* values, float* delta, float* gradient, int gradientLength, int* entryPlace, float* rowSquares,
            int rows, int units, int count, int parts, bool compact)
        {
            _compact = compact;
            _offsets = offsets;
            _indices = indices;
            _values = values;
            _delta = delta;
            _gradient = gradient;
            _entryPlace = entryPlace;
            _rowSquares = rowSquares;
            (_gradientLength, _rows, _units, _count, _parts) = (gradientLength, rows, units, count, parts);
        }

        protected override void RunPart(int part)
        {
            var (lo, hi) = PartOf(_count, part, _parts);
            int entries = _offsets[_rows], first = _offsets[0];
            AccumulateSlots(new ReadOnlySpan<int>(_offsets, _rows + 1), new ReadOnlySpan<int>(_indices, entries), new ReadOnlySpan<float>(_values, entries),
                new ReadOnlySpan<float>(_delta, _rows * _units), new Span<float>(_gradient, _gradientLength),
                new ReadOnlySpan<int>(_entryPlace, entries - first), _rowSquares is null ? default : new Span<float>(_rowSquares, _count),
                _rows, _units, lo, hi, _compact);
        }
    }
}
