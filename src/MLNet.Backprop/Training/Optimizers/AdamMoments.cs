using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using MLNet.Backprop.Network;
using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Training.Optimizers;

/// <summary>The state and update of <see cref="Adam"/>, shared with <see cref="AdamW"/> (see <see cref="Adam"/> for the
/// formula and its rounding).</summary>
internal sealed class AdamMoments
{
    private readonly float[][] _m;
    private readonly float[][] _v;

    public AdamMoments(IReadOnlyList<Parameter> parameters, float beta1, float beta2, float epsilon)
    {
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        _powers1 = new Powers(beta1);
        _powers2 = new Powers(beta2);
        _m = [.. parameters.Select(Optimizer.ElementState)];
        _v = [.. parameters.Select(Optimizer.ElementState)];
    }

    public float Beta1 { get; }

    /// <summary>Every m buffer, then every v buffer.</summary>
    public IReadOnlyList<float[]> State => [.. _m, .. _v];

    public float Beta2 { get; }

    public float Epsilon { get; }

    public ReadOnlySpan<float> FirstMoment(int index) => _m[index];

    public ReadOnlySpan<float> SecondMoment(int index) => _v[index];

    /// <summary>Elements per part below which an update stays on the calling thread (a wake-up costs a few µs).</summary>
    private const int MinElementsPerPart = 1 << 15;

    private Constants _prepared;
    private long _preparedStep = -1;

    /// <summary>Computes the per-step scalars of step <paramref name="t"/> once, for the many calls of a step that updates
    /// a matrix row by row (lazy sparse rows).</summary>
    public void Prepare(float learningRate, long t)
    {
        _prepared = ConstantsOf(learningRate, t);
        _preparedStep = t;
    }

    private Constants ConstantsOf(float learningRate, long t)
    {
        // Per-step scalars in double, rounded to float once (see Adam's remarks).
        float biasCorrection1 = (float)(1.0 - Math.Pow(Beta1, t));
        float biasCorrection2 = (float)(1.0 - Math.Pow(Beta2, t));
        return new Constants(learningRate, Beta1, Beta2, Epsilon, biasCorrection1, biasCorrection2);
    }

    /// <summary>a_t of a step on a zero gradient (see <see cref="SkippedSteps"/>): η·√(1 − β2^t)/(1 − β1^t), with the bias
    /// corrections rounded to float as the step rounds them.</summary>
    public double ZeroGradientFactor(float learningRate, long t)
    {
        var c = ConstantsOf(learningRate, t);
        return learningRate * Math.Sqrt(c.BiasCorrection2) / c.BiasCorrection1;
    }

    private readonly Powers _powers1, _powers2;

    /// <summary>The <paramref name="steps"/> skipped steps on a zero gradient: w ← keep·w − move·m/(√v + ε'), then
    /// m ← β1^steps·m, v ← β2^steps·v (see <see cref="Adam"/>'s <c>SkipSteps</c> for ε').</summary>
    public void Skip(int index, int offset, Span<float> values, float keep, float move, float epsilon, long steps)
    {
        Span<float> m = _m[index].AsSpan(offset, values.Length), v = _v[index].AsSpan(offset, values.Length);
        float decay1 = _powers1.Of(steps), decay2 = _powers2.Of(steps);
        int j = 0;
        if (System.Numerics.Vector.IsHardwareAccelerated)
        {
            int lanes = System.Numerics.Vector<float>.Count;
            var k = new System.Numerics.Vector<float>(keep);
            var u = new System.Numerics.Vector<float>(move);
            var e = new System.Numerics.Vector<float>(epsilon);
            var d1 = new System.Numerics.Vector<float>(decay1);
            var d2 = new System.Numerics.Vector<float>(decay2);
            for (; j <= values.Length - lanes; j += lanes)
            {
                var mj = new System.Numerics.Vector<float>(m.Slice(j));
                var vj = new System.Numerics.Vector<float>(v.Slice(j));
                var wj = new System.Numerics.Vector<float>(values.Slice(j));
                (k * wj - u * (mj / (System.Numerics.Vector.SquareRoot(vj) + e))).CopyTo(values.Slice(j));
                (mj * d1).CopyTo(m.Slice(j));
                (vj * d2).CopyTo(v.Slice(j));
            }
        }
        for (; j < values.Length; j++)
        {
            float vj = v[j], q = m[j] / (MathF.Sqrt(vj) + epsilon);
            values[j] = keep * values[j] - move * q;
            m[j] *= decay1;
            v[j] = vj * decay2;
        }
    }

    /// <summary>Whether an element of the run has v &lt; <paramref name="limit"/> and m ≠ 0.</summary>
    public bool AnyBelow(int index, int offset, int length, float limit)
    {
        ReadOnlySpan<float> m = _m[index].AsSpan(offset, length), v = _v[index].AsSpan(offset, length);
        int j = 0;
        if (System.Numerics.Vector.IsHardwareAccelerated)
        {
            // Every caught-up row is scanned: in vectors (the same test per element).
            int lanes = System.Numerics.Vector<float>.Count;
            var bound = new System.Numerics.Vector<float>(limit);
            for (; j <= length - lanes; j += lanes)
            {
                var mj = new System.Numerics.Vector<float>(m.Slice(j));
                var small = System.Numerics.Vector.LessThan(new System.Numerics.Vector<float>(v.Slice(j)), bound)
                    & ~System.Numerics.Vector.Equals(mj, System.Numerics.Vector<float>.Zero);
                if (small != System.Numerics.Vector<int>.Zero) return true;
            }
        }
        for (; j < length; j++)
            if (v[j] < limit && m[j] != 0f) return true;
        return false;
    }

    /// <summary><see cref="Skip"/>, except that an element with v &lt; <paramref name="limit"/> (and m ≠ 0) moves by
    /// m·Σ_j c_j/(√v + ε_j), the pairs (c_j, ε_j) in <paramref name="terms"/>.</summary>
    /// <remarks>Most of a text layer's caught-up rows hold a few such elements (units that seldom fire), so the row is
    /// taken by <see cref="Skip"/>'s vector loop, and those elements are then moved again from their values as they were,
    /// their sums computed four elements at a time: per element, the same operations in the same order as one element
    /// after the other (scalar: 80 % of a fine-food fit's catch-ups took this path, a third of its time).</remarks>
    public void SkipExactlyBelow(int index, int offset, Span<float> values, float keep, float move, float epsilon, long steps, float limit,
        ReadOnlySpan<double> terms)
    {
        ReadOnlySpan<float> m = _m[index].AsSpan(offset, values.Length), v = _v[index].AsSpan(offset, values.Length);
        var exact = _exact ??= new ExactElements();
        exact.Ensure(values.Length);
        int count = 0;
        for (int j = 0; j < values.Length; j++)
        {
            float vj = v[j], mj = m[j];
            if (!(vj < limit && mj != 0f)) continue;
            exact.At[count] = j;
            exact.Values[count] = values[j];
            exact.Moments[count] = mj;
            exact.Roots[count] = Math.Sqrt(vj);
            count++;
        }
        Skip(index, offset, values, keep, move, epsilon, steps);
        Span<double> roots = exact.Roots.AsSpan(0, count), sums = exact.Sums.AsSpan(0, count);
        int e = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; e <= count - 4; e += 4)
            {
                var root = Vector256.Create<double>(roots.Slice(e));
                var sum = Vector256<double>.Zero;
                for (int k = 0; k < terms.Length; k += 2)
                    sum += Vector256.Create(terms[k]) / (root + Vector256.Create(terms[k + 1]));
                sum.CopyTo(sums.Slice(e));
            }
        for (; e < count; e++)
        {
            double sum = 0;
            for (int k = 0; k < terms.Length; k += 2) sum += terms[k] / (roots[e] + terms[k + 1]);
            sums[e] = sum;
        }
        for (e = 0; e < count; e++) values[exact.At[e]] = keep * exact.Values[e] - (float)(exact.Moments[e] * sums[e]);
    }

    [ThreadStatic] private static ExactElements? _exact;

    /// <summary>A row's elements that take the exact sum, with their value, m and √v from before the closed form (one
    /// set per thread: catch-ups run on several).</summary>
    private sealed class ExactElements
    {
        public int[] At = [];
        public float[] Values = [], Moments = [];
        public double[] Roots = [], Sums = [];

        public void Ensure(int length)
        {
            if (At.Length >= length) return;
            (At, Values, Moments, Roots, Sums) = (new int[length], new float[length], new float[length], new double[length], new double[length]);
        }
    }

    /// <summary>The factor of the ε weights (see <see cref="Adam"/>'s <c>SkipSteps</c>): η·(1 − β2^t)/(1 − β1^t).</summary>
    public double EpsilonWeightFactor(float learningRate, long t)
    {
        var c = ConstantsOf(learningRate, t);
        return (double)learningRate * c.BiasCorrection2 / c.BiasCorrection1;
    }

    /// <summary>Asks for the moments of a run of values before they are updated.</summary>
    public void Prefetch(int index, int offset, int length)
    {
        CacheHint.Prefetch(_m[index].AsSpan(offset, length));
        CacheHint.Prefetch(_v[index].AsSpan(offset, length));
    }

    /// <summary>One Adam update of the parameter at <paramref name="index"/> at step <paramref name="t"/> (≥ 1).</summary>
    /// <param name="index">Which parameter (selects its moments).</param>
    /// <param name="offset">Position of <paramref name="values"/>' first element in the parameter (its moments' too).</param>
    /// <param name="values">The parameter values (or a run of them), updated in place.</param>
    /// <param name="gradients">The gradients, same length.</param>
    /// <param name="learningRate">η for this step.</param>
    /// <param name="t">The step number.</param>
    /// <param name="threads">Up to this many threads split large parameters into disjoint element ranges; each element's
    /// arithmetic is the same whichever range holds it, so the result does not depend on the thread count.</param>
    public unsafe void Update(int index, int offset, Span<float> values, ReadOnlySpan<float> gradients, float learningRate, long t, int threads = 1)
    {
        var c = _preparedStep == t && _prepared.LearningRate == learningRate ? _prepared : ConstantsOf(learningRate, t);
        // Slicing to the values' length throws if the parameter list changed since construction, keeping the unchecked
        // lane loads in bounds.
        Span<float> m = _m[index].AsSpan(offset, values.Length), v = _v[index].AsSpan(offset, values.Length);
        if (gradients.Length < values.Length) throw new ArgumentException("Fewer gradients than values.", nameof(gradients));
        // One thread asked for: no helper woken at all (the update is the same either way).
        int parts = threads <= 1 ? 1 : Math.Min(Math.Min(threads, Environment.ProcessorCount) * 2, values.Length / MinElementsPerPart);
        if (parts >= 2)
        {
            fixed (float* pw = values)
            fixed (float* pg = gradients)
            fixed (float* pm = m)
            fixed (float* pv = v)
            {
                var job = ParallelUpdate.ForCurrentThread();
                job.Set(pw, pg, pm, pv, values.Length, c, parts);
                try
                {
                    if (!ParallelRunner.TryRun(job, parts)) job.RunInline(parts);
                }
                finally
                {
                    job.Set(null, null, null, null, 0, default, 0);
                }
            }
            return;
        }
        ApplyAll(values, gradients, m, v, c);
    }

    /// <summary>The update of a whole span: widest lanes first, then narrower ones, then the scalar tail.</summary>
    private static void ApplyAll(Span<float> values, ReadOnlySpan<float> gradients, Span<float> m, Span<float> v, in Constants c)
    {
        int i = 0;
        if (Lanes.Use512) i = Apply<Vector512Lane>(i, values, gradients, m, v, c);
        if (Lanes.Use256) i = Apply<Vector256Lane>(i, values, gradients, m, v, c);
        if (Lanes.Use128) i = Apply<Vector128Lane>(i, values, gradients, m, v, c);
        Apply<ScalarLane>(i, values, gradients, m, v, c);
    }

    /// <summary>The reusable parallel job of one calling thread: parts are disjoint element ranges, 64-aligned.</summary>
    private sealed unsafe class ParallelUpdate : ParallelWork
    {
        [ThreadStatic] private static ParallelUpdate? _current;
        private float* _w, _g, _m, _v;
        private int _length, _parts;
        private Constants _c;

        public static ParallelUpdate ForCurrentThread() => _current ??= new ParallelUpdate();

        public void Set(float* w, float* g, float* m, float* v, int length, Constants c, int parts)
        {
            _w = w;
            _g = g;
            _m = m;
            _v = v;
            _length = length;
            _c = c;
            _parts = parts;
        }

        protected override void RunPart(int part)
        {
            var (begin, end) = PartOf(_length, part, _parts, 64);
            int count = end - begin;
            ApplyAll(new Span<float>(_w + begin, count), new ReadOnlySpan<float>(_g + begin, count),
                new Span<float>(_m + begin, count), new Span<float>(_v + begin, count), _c);
        }
    }

    private readonly record struct Constants(
        float LearningRate, float Beta1, float Beta2, float Epsilon, float BiasCorrection1, float BiasCorrection2);

    // Not inlined: four lane widths inlined into one caller exceed the JIT's limit on locals, and the lane operations are then
    // left as calls passing 64-byte vectors through memory (measured: Adam's single-thread update ten times slower). Fully
    // optimised from the first call: a short run would otherwise spend its first steps in unoptimised code.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static int Apply<TLane>(int i, Span<float> w, ReadOnlySpan<float> g, Span<float> m, Span<float> v, in Constants c)
        where TLane : struct, ILane<TLane>
    {
        TLane lr = TLane.Broadcast(c.LearningRate), eps = TLane.Broadcast(c.Epsilon);
        TLane beta1 = TLane.Broadcast(c.Beta1), oneMinusBeta1 = TLane.Broadcast(1f - c.Beta1);
        TLane beta2 = TLane.Broadcast(c.Beta2), oneMinusBeta2 = TLane.Broadcast(1f - c.Beta2);
        TLane biasCorrection1 = TLane.Broadcast(c.BiasCorrection1), biasCorrection2 = TLane.Broadcast(c.BiasCorrection2);
        for (; i <= w.Length - TLane.Count; i += TLane.Count)
        {
            TLane gi = TLane.Load(g, i);
            TLane mi = beta1 * TLane.Load(m, i) + oneMinusBeta1 * gi;
            TLane vi = beta2 * TLane.Load(v, i) + oneMinusBeta2 * (gi * gi);
            TLane mHat = mi / biasCorrection1;
            TLane vHat = vi / biasCorrection2;
            TLane wi = TLane.Load(w, i) - lr * mHat / (TLane.Sqrt(vHat) + eps);
            mi.Store(m, i);
            vi.Store(v, i);
            wi.Store(w, i);
        }
        return i;
    }
}
