using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace MLNet.Backprop.Training;

/// <summary>
/// Everything a micro-batch run needs to continue bit-identically from a step: the weights, the optimizer's state, the
/// position, the epoch's running totals and statistics, the history so far and the early-stopping state. No random
/// generator state: every draw of the mode is counter-based.
/// </summary>
internal sealed class RunCheckpoint
{
    /// <summary>The 1-based epoch in progress.</summary>
    public required int Epoch { get; init; }

    /// <summary>The next step of that epoch to run (0 = the epoch has not started).</summary>
    public required int StepInEpoch { get; init; }

    public required float[] Weights { get; init; }

    public required long OptimizerSteps { get; init; }

    public required float[][] OptimizerState { get; init; }

    public required MlpTrainer.EpochTotals Totals { get; init; }

    public required RecorderState Recorder { get; init; }

    public required string HistoryJson { get; init; }

    public required int SinceBest { get; init; }

    public required double BestMetric { get; init; }

    public required int BestEpoch { get; init; }

    public required float[][]? BestValues { get; init; }

    public required double[] FirstNorms { get; init; }
}

/// <summary>
/// The checkpoint file: "MLBPCKPT", format version, the 32-byte identity of the run's configuration, the state
/// (little-endian), then the SHA-256 of everything before it. Written to a temporary file, flushed to disk and renamed
/// over the old one, so a crash leaves the previous checkpoint intact.
/// </summary>
internal static class RunCheckpointFile
{
    private const ulong Magic = 0x54504B4350424C4DUL; // "MLBPCKPT"
    private const int Version = 1;

    public static void Save(string path, byte[] identity, RunCheckpoint c)
    {
        using var body = new MemoryStream();
        using (var w = new BinaryWriter(body, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(Version);
            w.Write(identity);
            w.Write(c.Epoch);
            w.Write(c.StepInEpoch);
            Write(w, c.Weights);
            w.Write(c.OptimizerSteps);
            Write(w, c.OptimizerState);
            var t = c.Totals;
            w.Write(t.LossSum); w.Write(t.WeightSum); w.Write(t.NormSum); w.Write(t.NormMax); w.Write(t.Batches); w.Write(t.Clipped);
            var r = c.Recorder;
            w.Write(r.Batches);
            Write(w, r.NormSum); Write(w, r.NormMax); Write(w, r.NonFinite); Write(w, r.Saturated); Write(w, r.Activations);
            Write(w, r.EverActive);
            w.Write(c.HistoryJson);
            w.Write(c.SinceBest);
            w.Write(c.BestMetric);
            w.Write(c.BestEpoch);
            w.Write(c.BestValues is not null);
            if (c.BestValues is not null) Write(w, c.BestValues);
            Write(w, c.FirstNorms);
        }
        byte[] bytes = body.ToArray();
        string temporary = TemporaryPath(path);
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            file.Write(bytes);
            file.Write(SHA256.HashData(bytes));
            file.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The file a save writes before renaming it over <paramref name="path"/>.</summary>
    public static string TemporaryPath(string path) => path + ".tmp";

    /// <exception cref="InvalidDataException">The file is damaged, not a checkpoint, or written by another configuration (the message names the file).</exception>
    public static RunCheckpoint Load(string path, byte[] identity)
    {
        byte[] all = File.ReadAllBytes(path);
        if (all.Length < 8 + 4 + 32 + 32) throw Invalid(path, $"it is {all.Length} bytes long, too short for a checkpoint");
        int length = all.Length - 32;
        if (!SHA256.HashData(all.AsSpan(0, length)).AsSpan().SequenceEqual(all.AsSpan(length)))
            throw Invalid(path, "its SHA-256 does not match its content (damaged or truncated)");
        using var r = new BinaryReader(new MemoryStream(all, 0, length));
        if (r.ReadUInt64() != Magic) throw Invalid(path, "it is not a training checkpoint");
        int version = r.ReadInt32();
        if (version != Version) throw Invalid(path, $"its format version is {version}; this library reads {Version}");
        if (!r.ReadBytes(32).AsSpan().SequenceEqual(identity))
            throw Invalid(path, "it was written by a run with other options, data or network; delete it or point the checkpoint elsewhere");
        int epoch = r.ReadInt32(), step = r.ReadInt32();
        var weights = ReadFloats(r);
        long optimizerSteps = r.ReadInt64();
        var optimizerState = ReadFloatArrays(r);
        var totals = new MlpTrainer.EpochTotals
        {
            LossSum = r.ReadDouble(), WeightSum = r.ReadDouble(), NormSum = r.ReadDouble(), NormMax = r.ReadDouble(),
            Batches = r.ReadInt32(), Clipped = r.ReadInt32(),
        };
        var recorder = new RecorderState(r.ReadInt32(), ReadDoubles(r), ReadDoubles(r), ReadLongs(r), ReadLongs(r), ReadLongs(r), ReadFloatArrays(r));
        return new RunCheckpoint
        {
            Epoch = epoch,
            StepInEpoch = step,
            Weights = weights,
            OptimizerSteps = optimizerSteps,
            OptimizerState = optimizerState,
            Totals = totals,
            Recorder = recorder,
            HistoryJson = r.ReadString(),
            SinceBest = r.ReadInt32(),
            BestMetric = r.ReadDouble(),
            BestEpoch = r.ReadInt32(),
            BestValues = r.ReadBoolean() ? ReadFloatArrays(r) : null,
            FirstNorms = ReadDoubles(r),
        };
    }

    private static InvalidDataException Invalid(string path, string why) => new($"The checkpoint '{path}' cannot be resumed: {why}.");

    private static void Write<T>(BinaryWriter w, T[] values) where T : unmanaged
    {
        w.Write(values.Length);
        w.Write(MemoryMarshal.AsBytes(values.AsSpan()));
    }

    private static void Write(BinaryWriter w, float[][] arrays)
    {
        w.Write(arrays.Length);
        foreach (var a in arrays) Write(w, a);
    }

    private static T[] Read<T>(BinaryReader r) where T : unmanaged
    {
        int n = r.ReadInt32();
        if (n < 0 || (long)n * Marshal.SizeOf<T>() > r.BaseStream.Length - r.BaseStream.Position) throw new InvalidDataException($"The checkpoint holds an array of {n} values that does not fit in it.");
        var values = new T[n];
        r.BaseStream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }

    private static float[] ReadFloats(BinaryReader r) => Read<float>(r);

    private static double[] ReadDoubles(BinaryReader r) => Read<double>(r);

    private static long[] ReadLongs(BinaryReader r) => Read<long>(r);

    private static float[][] ReadFloatArrays(BinaryReader r)
    {
        int n = r.ReadInt32();
        if (n < 0 || n > 1_000_000) throw new InvalidDataException($"The checkpoint holds {n} arrays.");
        var arrays = new float[n][];
        for (int i = 0; i < n; i++) arrays[i] = ReadFloats(r);
        return arrays;
    }
}
