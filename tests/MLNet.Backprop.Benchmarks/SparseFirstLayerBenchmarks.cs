using BenchmarkDotNet.Attributes;
using MLNet.Backprop.Network;
using MLNet.Backprop.Numerics;
using MLNet.Backprop.Training.Optimizers;

namespace MLNet.Backprop.Benchmarks;

/// <summary>
/// The sparse first layer of one mini-batch (256 rows of 20 hashed slots, uniform over the width, into 64 units) at
/// 10⁴–10⁶ slots, one and two threads: Z = X·W (<see cref="SparseProduct.Multiply"/>), dL/dW = Xᵀ·Δ on the touched slots
/// (<see cref="SparseProduct.TransposeMultiply"/>) and the lazy Adam step on those rows; and the path of a 2²⁰-slot hashed
/// input (row-wise state): the same product into a compact gradient with each row's Σ g², then the row-wise Adagrad step
/// that reuses them. The work should follow the non-zeros (≈ 5,100 a batch) and hardly the width: only cache misses grow
/// with it. Allocations must be 0 B.
/// </summary>
[MemoryDiagnoser]
public class SparseFirstLayerBenchmarks
{
    private const int Rows = 256, PerRow = 20, Units = 64;

    private int[] _offsets = [], _indices = [], _entryPlace = [], _touched = [];
    private readonly SlotPlaces _places = new();
    private float[] _values = [], _delta = [], _z = [];
    private float[] _squares = [];
    private Parameter _w = null!, _compact = null!;
    private Adam _adam = null!;
    private Adagrad _rowWise = null!;

    /// <summary>Slots of the sparse input (rows of W).</summary>
    [Params(10_000, 100_000, 1_000_000)]
    public int Slots { get; set; }

    /// <summary>Threads given to the kernels and the optimizer.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    /// <summary>A random batch and W; one warm call of each case.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _offsets = new int[Rows + 1];
        var indices = new List<int>();
        for (int r = 0; r < Rows; r++)
        {
            indices.AddRange(Enumerable.Range(0, PerRow).Select(_ => random.Next(Slots)).Distinct().Order());
            _offsets[r + 1] = indices.Count;
        }
        _indices = [.. indices];
        _values = [.. _indices.Select(_ => random.NextSingle())];
        _delta = [.. Enumerable.Range(0, Rows * Units).Select(_ => random.NextSingle() - 0.5f)];
        _z = new float[Rows * Units];
        _entryPlace = new int[_indices.Length];
        _touched = new int[_indices.Length];
        _w = new Parameter("W", Slots * Units, isWeightMatrix: true) { Touched = new TouchedRows(Slots, Units) };
        for (int i = 0; i < _w.Length; i++) _w.Values[i] = (random.NextSingle() - 0.5f) * 0.1f;
        _adam = new Adam([_w]) { DegreeOfParallelism = Threads };
        _compact = new Parameter("Wc", Slots * Units, isWeightMatrix: true) { Touched = new TouchedRows(Slots, Units), RowWiseState = true };
        _w.Values.CopyTo(_compact.Values, 0);
        _compact.UseCompactGradient(_indices.Length);
        _squares = new float[_indices.Length];
        _rowWise = new Adagrad([_compact]) { DegreeOfParallelism = Threads };
        _rowWise.UseRowWise(1e-8f);
        Forward();
        Backward();
        AdamStep();
        CompactBackward();
        RowWiseStep();
    }

    /// <summary>Z = X·W for the batch.</summary>
    [Benchmark]
    public void Forward() => SparseProduct.Multiply(_offsets, _indices, _values, _w.Values, _z, Rows, Units, false, Threads);

    /// <summary>dL/dW = Xᵀ·Δ on the touched slots (and the previous batch's rows cleared first, as a step does).</summary>
    [Benchmark]
    public int Backward()
    {
        _w.Touched!.ClearRows(_w.Gradients);
        _w.Touched.Clear();
        int touched = SparseProduct.TransposeMultiply(_offsets, _indices, _values, _delta, _w.Gradients, Rows, Units, Slots, _places, _touched, _entryPlace, Threads);
        foreach (int slot in _touched.AsSpan(0, touched)) _w.Touched.Add(slot);
        return touched;
    }

    /// <summary>The lazy Adam step on the touched rows (the gradient of <see cref="Backward"/>).</summary>
    [Benchmark]
    public void AdamStep() => _adam.Step(1e-3f);

    /// <summary>dL/dW = Xᵀ·Δ into a compact gradient (the touched rows only, not cleared before), with each row's Σ g².</summary>
    [Benchmark]
    public int CompactBackward()
    {
        var touched = _compact.Touched!;
        touched.Clear();
        int count = SparseProduct.TransposeMultiply(_offsets, _indices, _values, _delta, _compact.Gradients, Rows, Units, Slots, _places, _touched, _entryPlace,
            Threads, compact: true, rowSquares: _squares);
        foreach (int slot in _touched.AsSpan(0, count)) touched.Add(slot);
        touched.KnowSquares(_squares.AsSpan(0, count));
        return count;
    }

    /// <summary>The row-wise Adagrad step on the touched rows (the gradient and row sums of <see cref="CompactBackward"/>).</summary>
    [Benchmark]
    public void RowWiseStep() => _rowWise.Step(1e-3f);
}
