using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Backprop.Tests.Reliability.Fuzzing;

/// <summary>
/// One fuzz case, generated from its seed alone: a schema (label of a random type, a feature vector of random size,
/// dense or sparse, an optional weight column), data full of edge values (NaN, ±∞, huge, constant, one class, missing
/// labels and keys), and options both valid and out of range. Cases are biased towards small data, so most of the
/// budget goes to the edges rather than to arithmetic.
/// </summary>
internal sealed class FuzzCase
{
    public required int Seed { get; init; }
    public required FuzzDataView Train { get; init; }
    public FuzzDataView? Validation { get; init; }
    public required BackpropTrainer.Options Options { get; init; }
    /// <summary>The option set out of its valid range on purpose, or null.</summary>
    public string? InvalidOption { get; init; }
    /// <summary>A few words for the repro line.</summary>
    public required string Description { get; init; }

    public static FuzzCase Generate(int seed)
    {
        var r = new Random(seed);
        var shape = Shape.Draw(r);
        var train = shape.Data(r, Rows(r, shape));
        FuzzDataView? validation = r.NextDouble() < 0.15 ? shape.Data(r, r.Next(0, 40)) : null;
        var options = FuzzOptions.Draw(r, shape, out string? invalid);
        string description = $"{shape} rows={train.Rows}{(train.GetRowCount() is null ? "(unknown)" : "")}" +
            $"{(validation is null ? "" : $" validation={validation.Rows}")} {FuzzOptions.Describe(options)}{(invalid is null ? "" : $" invalid={invalid}")}";
        return new FuzzCase { Seed = seed, Train = train, Validation = validation, Options = options, InvalidOption = invalid, Description = description };
    }

    private static int Rows(Random r, Shape shape)
    {
        double u = r.NextDouble();
        int rows = u < 0.02 ? 0 : u < 0.05 ? 1 : u < 0.15 ? r.Next(2, 6) : u < 0.9 ? r.Next(6, 200) : r.Next(200, 1500);
        return (int)Math.Min(rows, Math.Max(1, 400_000 / Math.Max(1, shape.Slots)));
    }

    /// <summary>The columns and how their values are drawn.</summary>
    internal sealed class Shape
    {
        public required string LabelKind { get; init; }   // Boolean, Single, Key<raw>, or a wrong type
        public required Type? KeyRaw { get; init; }
        public required int KeyCount { get; init; }
        public required string FeatureKind { get; init; } // Vector, Double, Scalar, VarVector
        public required int Slots { get; init; }
        public required bool Sparse { get; init; }
        public required string? WeightKind { get; init; } // null, Single, Double
        public required double BadFeatureRate { get; init; }
        public required double FeatureScale { get; init; }
        public required double PositiveRate { get; init; }
        public required double MissingLabelRate { get; init; }
        public required double LabelScale { get; init; }
        public required string WeightPattern { get; init; } // normal, zeros, some-zero, negative, nan, huge
        public required bool KnownCount { get; init; }
        public required bool OddLabels { get; init; } // an infinite regression label, or a key beyond the key count

        public static Shape Draw(Random r)
        {
            double u = r.NextDouble();
            string label = u < 0.33 ? "Boolean" : u < 0.66 ? "Key" : u < 0.97 ? "Single" : new[] { "Double", "String", "Int32" }[r.Next(3)];
            Type? raw = label == "Key" ? new[] { typeof(byte), typeof(ushort), typeof(uint), typeof(ulong) }[r.Next(4)] : null;
            double f = r.NextDouble();
            string feature = f < 0.98 ? "Vector" : new[] { "Double", "Scalar", "VarVector" }[r.Next(3)];
            double s = r.NextDouble();
            int slots = s < 0.6 ? r.Next(1, 9) : s < 0.85 ? r.Next(9, 65) : s < 0.97 ? r.Next(65, 2000) : 1 << r.Next(15, 21);
            return new Shape
            {
                LabelKind = label, KeyRaw = raw, KeyCount = r.Next(2, 7), FeatureKind = feature, Slots = slots,
                Sparse = slots > 2000 || r.NextDouble() < 0.3,
                WeightKind = r.NextDouble() < 0.7 ? null : r.NextDouble() < 0.97 ? "Single" : "Double",
                BadFeatureRate = r.NextDouble() < 0.7 ? 0 : Math.Pow(10, -3 + 2.5 * r.NextDouble()),
                FeatureScale = r.NextDouble() < 0.85 ? Math.Pow(10, -2 + 4 * r.NextDouble()) : Math.Pow(10, -30 + 45 * r.NextDouble()),
                PositiveRate = new[] { 0, 0.01, 0.05, 0.3, 0.3, 0.5, 0.5, 0.5, 0.5, 1 }[r.Next(10)],
                MissingLabelRate = r.NextDouble() < 0.85 ? 0 : new[] { 0.05, 0.05, 0.5, 1 }[r.Next(4)],
                LabelScale = r.NextDouble() < 0.85 ? Math.Pow(10, -1 + 3 * r.NextDouble()) : Math.Pow(10, 4 + 16 * r.NextDouble()),
                WeightPattern = new[] { "normal", "normal", "normal", "normal", "some-zero", "huge", "zeros", "negative", "nan" }[r.Next(9)],
                KnownCount = r.NextDouble() < 0.7,
                OddLabels = r.NextDouble() < 0.05,
            };
        }

        public FuzzDataView Data(Random r, int rows)
        {
            var columns = new List<(string, DataViewType, Array, string[]?)> { Label(r, rows), Features(r, rows) };
            if (WeightKind is not null) columns.Add(Weights(r, rows));
            return new FuzzDataView(columns, rows, KnownCount);
        }

        private (string, DataViewType, Array, string[]?) Label(Random r, int rows)
        {
            bool Missing() => r.NextDouble() < MissingLabelRate;
            switch (LabelKind)
            {
                case "Boolean":
                    return ("Label", BooleanDataViewType.Instance, Enumerable.Range(0, rows).Select(_ => r.NextDouble() < PositiveRate).ToArray(), null);
                case "Single":
                    return ("Label", NumberDataViewType.Single, Enumerable.Range(0, rows).Select(_ => Missing() ? float.NaN
                        : OddLabels && r.NextDouble() < 0.05 ? float.PositiveInfinity : (float)(LabelScale * Gaussian(r) + LabelScale * PositiveRate)).ToArray(), null);
                case "Key":
                    ulong Key() => Missing() ? 0 : OddLabels && r.NextDouble() < 0.05 ? (ulong)KeyCount + 1 : PositiveRate is 0 or 1 ? 1 : (ulong)r.Next(1, KeyCount + 1);
                    var keys = Enumerable.Range(0, rows).Select(_ => Key()).ToArray();
                    Array values = KeyRaw == typeof(byte) ? keys.Select(k => (byte)k).ToArray()
                        : KeyRaw == typeof(ushort) ? keys.Select(k => (ushort)k).ToArray()
                        : KeyRaw == typeof(uint) ? keys.Select(k => (uint)k).ToArray() : keys;
                    string[]? names = r.NextDouble() < 0.5 ? Enumerable.Range(0, KeyCount).Select(k => $"class{k}").ToArray() : null;
                    return ("Label", new KeyDataViewType(KeyRaw!, KeyCount), values, names);
                case "Double":
                    return ("Label", NumberDataViewType.Double, Enumerable.Range(0, rows).Select(_ => r.NextDouble()).ToArray(), null);
                case "Int32":
                    return ("Label", NumberDataViewType.Int32, Enumerable.Range(0, rows).Select(_ => r.Next(3)).ToArray(), null);
                default:
                    return ("Label", TextDataViewType.Instance, Enumerable.Range(0, rows).Select(_ => (r.Next(2) == 0 ? "a" : "b").AsMemory()).ToArray(), null);
            }
        }

        private float Value(Random r, int slot)
        {
            if (BadFeatureRate > 0 && r.NextDouble() < BadFeatureRate)
                return new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity, 3e38f, -1e16f, 2e15f }[r.Next(6)];
            if (slot % 7 == 3) return (float)FeatureScale; // a constant feature
            return (float)(FeatureScale * Gaussian(r));
        }

        private (string, DataViewType, Array, string[]?) Features(Random r, int rows)
        {
            switch (FeatureKind)
            {
                case "Scalar":
                    return ("Features", NumberDataViewType.Single, Enumerable.Range(0, rows).Select(_ => Value(r, 0)).ToArray(), null);
                case "Double":
                    return ("Features", new VectorDataViewType(NumberDataViewType.Double, Slots),
                        Enumerable.Range(0, rows).Select(_ => new VBuffer<double>(Slots, Enumerable.Range(0, Slots).Select(j => (double)Value(r, j)).ToArray())).ToArray(), null);
            }
            var vectors = new VBuffer<float>[rows];
            for (int i = 0; i < rows; i++)
            {
                if (Sparse)
                {
                    int count = Math.Min(Slots, r.Next(0, 6));
                    var indices = Enumerable.Range(0, count).Select(_ => r.Next(Slots)).Distinct().Order().ToArray();
                    vectors[i] = new VBuffer<float>(Slots, indices.Length, indices.Select(j => Value(r, j)).ToArray(), indices);
                }
                else vectors[i] = new VBuffer<float>(Slots, Enumerable.Range(0, Slots).Select(j => Value(r, j)).ToArray());
            }
            return ("Features", new VectorDataViewType(NumberDataViewType.Single, FeatureKind == "VarVector" ? 0 : Slots), vectors, null);
        }

        private (string, DataViewType, Array, string[]?) Weights(Random r, int rows)
        {
            float Weight() => WeightPattern switch
            {
                "zeros" => 0f,
                "some-zero" => r.NextDouble() < 0.5 ? 0f : 1f,
                "negative" => r.NextDouble() < 0.02 ? -1f : 1f,
                "nan" => r.NextDouble() < 0.02 ? float.NaN : 1f,
                "huge" => (float)Math.Pow(10, 30 * r.NextDouble()),
                _ => (float)(2 * r.NextDouble()),
            };
            var weights = Enumerable.Range(0, rows).Select(_ => Weight()).ToArray();
            return WeightKind == "Double" ? ("W", NumberDataViewType.Double, weights.Select(w => (double)w).ToArray(), null) : ("W", NumberDataViewType.Single, weights, null);
        }

        public override string ToString() =>
            $"label={LabelKind}{(KeyRaw is null ? "" : $"<{KeyRaw.Name},{KeyCount}>")} features={FeatureKind}[{Slots}]{(Sparse ? " sparse" : "")} " +
            $"bad={BadFeatureRate:G2} scale={FeatureScale:G2} positives={PositiveRate} missing={MissingLabelRate} labelScale={LabelScale:G2}" +
            (WeightKind is null ? "" : $" weights={WeightKind}:{WeightPattern}");

        private static double Gaussian(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());
    }
}
