namespace MLNet.Backprop.Training.Optimizers;

/// <summary>
/// The closed form of the steps a row skipped, for a rule whose step on a zero gradient moves an element by
/// −a_s·r^(s − t0)·q: q a per-element quantity of the state the row had after its last real step t0 (Adam: m/√v; momentum:
/// the velocity), r the rule's ratio (Adam: β1/√β2; momentum: μ), a_s a per-step factor (Adam: η_s·√(1 − β2^s)/(1 − β1^s);
/// momentum: η_s), each step after the decoupled weight decay w ← (1 − η_s·λ)·w. Over the steps t0 + 1 … T the element
/// becomes D·w − u·q with the per-row scalars
/// <code>
/// D(t0, T) = Π_{s=t0+1..T} (1 − η_s·λ)
/// u(t0, T) = Σ_{s=t0+1..T} a_s·r^(s − t0)·Π_{i=s+1..T} (1 − η_i·λ)
/// </code>
/// which this class keeps for the current step T: for the last <see cref="Window"/> values of t0 in tables updated once
/// per step (O(window) per step, O(1) per row), and for older t0 from per-step histories: u(t0, T) =
/// u(t0, t0 + window)·D(t0 + window, T), the terms after t0 + window being below 1e-9 of the sum (r^window·1/(1 − r)),
/// D from running sums of ln(1 − η_s·λ). Everything is in double precision; the learning rate of every step (the
/// schedule's) enters as it was used.
/// </summary>
internal sealed class SkippedSteps
{
    /// <summary>Largest window: a ratio this close to 1 (Adam's β1 near √β2, momentum near 1) takes every-row steps instead.</summary>
    public const int MaxWindow = 1 << 14;

    private const double Tail = 1e-9;

    private readonly int _window;
    private readonly double _ratio;
    private readonly double[] _ratioPowers, _move, _keep;
    private double[] _logKeep = new double[256], _frozenMove = new double[256], _factors = new double[256];

    private SkippedSteps(double ratio, int window)
    {
        _ratio = ratio;
        _window = window;
        _ratioPowers = new double[window + 1];
        _ratioPowers[0] = 1;
        for (int k = 1; k <= window; k++) _ratioPowers[k] = _ratioPowers[k - 1] * ratio;
        _move = new double[window + 1];
        _keep = new double[window + 1];
    }

    /// <summary>The tables for a rule of ratio r, or null when r is not in [0, 1) or needs a window over <see cref="MaxWindow"/>.</summary>
    public static SkippedSteps? For(double ratio)
    {
        if (!(ratio >= 0 && ratio < 1)) return null;
        if (ratio == 0) return new SkippedSteps(0, 1);
        // Smallest J with r^J/(1 − r) ≤ Tail: the terms after the window add at most Tail × the largest a_s.
        double window = Math.Ceiling(Math.Log(Tail * (1 - ratio)) / Math.Log(ratio));
        return window <= MaxWindow ? new SkippedSteps(ratio, Math.Max(1, (int)window)) : null;
    }

    /// <summary>Steps after which a skipped step's move is neglected (J).</summary>
    public int Window => _window;

    /// <summary>The current step T (0 before the first).</summary>
    public long Step { get; private set; }

    /// <summary>Adds step T + 1, taken with the rule's factor <paramref name="factor"/> (a) and the weight decay's factor
    /// <paramref name="keep"/> (1 − η·λ, in (0, 1]).</summary>
    public void Advance(double factor, double keep)
    {
        long t = ++Step;
        for (int k = _window; k >= 2; k--)
        {
            _move[k] = keep * _move[k - 1] + factor * _ratioPowers[k];
            _keep[k] = keep * _keep[k - 1];
        }
        _move[1] = factor * _ratio;
        _keep[1] = keep;
        Grow(ref _logKeep, t);
        Grow(ref _factors, t);
        _factors[t] = factor;
        // A step with keep ≤ 0 is taken on every row (Optimizer.Step), so no row's skipped steps span it.
        _logKeep[t] = _logKeep[t - 1] + (keep > 0 ? Math.Log(keep) : 0);
        if (t >= _window)
        {
            Grow(ref _frozenMove, t - _window);
            _frozenMove[t - _window] = _move[_window];
        }
    }

    /// <summary>The factor a_s step <paramref name="s"/> (1 ≤ s ≤ T) was added with.</summary>
    public double Factor(long s) => _factors[s];

    /// <summary>Π_{i=s+1..T} (1 − η_i·λ): what the weight decay of the steps after <paramref name="s"/> leaves of a move.</summary>
    public double KeepAfter(long s) => Math.Exp(_logKeep[Step] - _logKeep[s]);

    /// <summary>D and u for a row last brought up to date at step <paramref name="from"/> (≤ T), caught up to T.</summary>
    public (double Keep, double Move) Since(long from)
    {
        long k = Step - from;
        if (k <= 0) return (1, 0);
        if (k <= _window) return (_keep[k], _move[k]);
        double logT = _logKeep[Step];
        return (Math.Exp(logT - _logKeep[from]), _frozenMove[from] * Math.Exp(logT - _logKeep[from + _window]));
    }

    private static void Grow(ref double[] values, long index)
    {
        if (index < values.Length) return;
        if (index >= Array.MaxLength) throw new InvalidOperationException($"More than {Array.MaxLength:N0} optimizer steps to catch up.");
        Array.Resize(ref values, (int)Math.Min(Array.MaxLength, Math.Max(index + 1, 2L * values.Length)));
    }
}
