using MLNet.Backprop.Layers;

namespace MLNet.Backprop.Optimizers;

/// <summary>The state and update of <see cref="Adam"/>, shared with <see cref="AdamW"/> (see <see cref="Adam"/> for the
/// formula and its rounding).</summary>
internal sealed class AdamMoments
{
    private readonly float[][] _m;
    private readonly float[][] _v;

    public AdamMoments(IReadOnlyList<Parameter> parameters, float beta1, float beta2, float epsilon)
    {
        Beta1 = HyperParameter.InUnitInterval(beta1, nameof(beta1));
        Beta2 = HyperParameter.InUnitInterval(beta2, nameof(beta2));
        Epsilon = HyperParameter.Positive(epsilon, nameof(epsilon));
        _m = [.. parameters.Select(p => new float[p.Length])];
        _v = [.. parameters.Select(p => new float[p.Length])];
    }

    public float Beta1 { get; }

    public float Beta2 { get; }

    public float Epsilon { get; }

    public ReadOnlySpan<float> FirstMoment(int index) => _m[index];

    public ReadOnlySpan<float> SecondMoment(int index) => _v[index];

    /// <summary>One Adam update of the parameter at <paramref name="index"/> at step <paramref name="t"/> (≥ 1).</summary>
    public void Update(int index, Span<float> values, ReadOnlySpan<float> gradients, float learningRate, long t)
    {
        // Per-step scalars in double, rounded to float once (see Adam's remarks).
        float biasCorrection1 = (float)(1.0 - Math.Pow(Beta1, t));
        float biasCorrection2 = (float)(1.0 - Math.Pow(Beta2, t));
        var c = new Constants(learningRate, Beta1, Beta2, Epsilon, biasCorrection1, biasCorrection2);
        // Slicing to the values' length throws if the parameter list changed since construction, keeping the unchecked
        // lane loads in bounds.
        Span<float> m = _m[index].AsSpan(0, values.Length), v = _v[index].AsSpan(0, values.Length);
        int i = 0;
        if (Lanes.Use512) i = Apply<Vector512Lane>(i, values, gradients, m, v, c);
        if (Lanes.Use256) i = Apply<Vector256Lane>(i, values, gradients, m, v, c);
        if (Lanes.Use128) i = Apply<Vector128Lane>(i, values, gradients, m, v, c);
        Apply<ScalarLane>(i, values, gradients, m, v, c);
    }

    private readonly record struct Constants(
        float LearningRate, float Beta1, float Beta2, float Epsilon, float BiasCorrection1, float BiasCorrection2);

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
