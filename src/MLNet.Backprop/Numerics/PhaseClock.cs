using System.Diagnostics;

namespace MLNet.Backprop.Numerics;

/// <summary>The parts of a training run that <see cref="PhaseClock"/> tells apart.</summary>
internal enum TrainingPhase
{
    /// <summary>Before the first epoch: reading and checking the rows, summaries, initialisation.</summary>
    Setup,

    /// <summary>Shuffling and copying a mini-batch's rows.</summary>
    Gather,

    /// <summary>An input part's own encoding before the first layer's product and after its gradient products, both ways
    /// (a periodic input's sin, cos and per-feature layers); only parts that mark it.</summary>
    Encoding,

    /// <summary>The forward products X·W.</summary>
    ForwardGemm,

    /// <summary>Bias, activation and dropout, both ways, with the bias gradient.</summary>
    Activation,

    /// <summary>The loss and its gradient on the logits.</summary>
    Loss,

    /// <summary>The backward products Xᵀ·dZ and dZ·Wᵀ (with the L2 term).</summary>
    BackwardGemm,

    /// <summary>The per-layer gradient norms (the global norm that clipping and the divergence check need).</summary>
    GradientNorm,

    /// <summary>Diagnostics proper: dead-unit and saturation scans, histograms, update ratios.</summary>
    Statistics,

    /// <summary>Clipping and the optimizer's update.</summary>
    Optimizer,

    /// <summary>Between epochs: epoch statistics, validation, the per-epoch diagnosis, reports.</summary>
    Epoch,

    /// <summary>After the last epoch: the final diagnosis and the model object.</summary>
    Finish,
}

/// <summary>
/// An opt-in profile of where a training run's time goes: each <see cref="Mark"/> charges the time since the previous
/// mark to the phase that just ended. Benchmarks start one around a whole <c>Fit</c> (tests/MLNet.Backprop.TorchComparison);
/// otherwise none is active and a mark costs one static load and a null check.
/// </summary>
/// <remarks>Only the thread that started the clock is timed: the micro-batch mode's and the GEMM's helper threads run the
/// same code, and their marks are ignored.</remarks>
internal sealed class PhaseClock
{
    private static PhaseClock? _active;
    private readonly int _thread = Environment.CurrentManagedThreadId;
    private readonly long[] _ticks = new long[Enum.GetValues<TrainingPhase>().Length];
    private long _last = Stopwatch.GetTimestamp();
    private bool _trained;

    private PhaseClock()
    {
    }

    /// <summary>Steps seen (optimizer marks).</summary>
    public long Steps { get; private set; }

    /// <summary>Starts a clock on this thread; only one is active at a time.</summary>
    public static PhaseClock Start()
    {
        var clock = new PhaseClock();
        if (Interlocked.CompareExchange(ref _active, clock, null) is not null)
            throw new InvalidOperationException("A phase clock is already running.");
        return clock;
    }

    /// <summary>Charges the time since the last mark to <paramref name="phase"/>.</summary>
    public static void Mark(TrainingPhase phase)
    {
        if (_active is { } clock && clock._thread == Environment.CurrentManagedThreadId) clock.Add(phase);
    }

    /// <summary>At the start of every epoch: what ran since the last step was setup (first epoch) or epoch-level work.</summary>
    public static void MarkEpochStart() => Mark(_active is { _trained: true } ? TrainingPhase.Epoch : TrainingPhase.Setup);

    /// <summary>Charges the rest to <see cref="TrainingPhase.Finish"/> and stops the clock.</summary>
    public void Stop()
    {
        Add(TrainingPhase.Finish);
        Interlocked.CompareExchange(ref _active, null, this);
    }

    /// <summary>Seconds charged to <paramref name="phase"/>.</summary>
    public double Seconds(TrainingPhase phase) => _ticks[(int)phase] / (double)Stopwatch.Frequency;

    private void Add(TrainingPhase phase)
    {
        long now = Stopwatch.GetTimestamp();
        _ticks[(int)phase] += now - _last;
        _last = now;
        if (phase == TrainingPhase.Optimizer)
        {
            Steps++;
            _trained = true;
        }
    }
}
