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
    /// <summary>How the validation data differs in meaning from the training data (another feature width, other key
    /// numbers for the classes, another class count), so that training must refuse it; or null.</summary>
    public string? ValidationMismatch { get; init; }
    /// <summary>A few words for the repro line.</summary>
    public required string Description { get; init; }

    /// <param name="seed">The case.</param>
    /// <param name="validationVariants">Whether validation data may differ from the training data in meaning (drawn from a
    /// second stream, so that the rest of a case is what it was before the variants existed: the found cases replay
    /// with false).</param>
    public static FuzzCase Generate(int seed, bool validationVariants = true)
    {
        var r = new Random(seed);
        var shape = Shape.Draw(r);
        var train = shape.Data(r, Rows(r, shape));
        FuzzDataView? validation = r.NextDouble() < 0.15 ? shape.Data(r, r.Next(0, 40)) : null;
        var options = FuzzOptions.Draw(r, shape, out string? invalid);
        string? mismatch = null;
        if (validationVariants) (validation, mismatch) = ValidationVariant(new Random(seed ^ 0x2F6E_1D3B), shape, train, validation);
        string description = $"{shape} rows={train.Rows}{(train.GetRowCount() is null ? "(unknown)" : "")}" +
            $"{(validation is null ? "" : $" validation={validation.Rows}{(mismatch is null ? "" : $"({mismatch})")}")} {FuzzOptions.Describe(options)}{(invalid is null ? "" : $" invalid={invalid}")}";
        return new FuzzCase
        {
            Seed = seed, Train = train, Validation = validation, Options = options, InvalidOption = invalid, ValidationMismatch = mismatch, Description = description,
        };
    }

    /// <summary>Validation data for a quarter of the cases: as drawn, or of another meaning than the training data
    /// (another feature width, the classes under other key numbers, another class count) or of another label type.</summary>
    private static (FuzzDataView? Validation, string? Mismatch) ValidationVariant(Random v, Shape shape, FuzzDataView train, FuzzDataView? validation)
    {
        if (validation is null && v.NextDouble() >= 0.12) return (null, null);
        int rows = v.Next(1, 60);
        switch (v.Next(6))
        {
            case 0 when shape.FeatureKind == "Vector" && shape.Slots < 4000:
                int slots = shape.Slots + (shape.Slots > 1 && v.Next(2) == 0 ? -1 : 1);
                return ((shape with { Slots = slots }).Data(v, rows), $"{slots} slots");
            case 1 when shape.LabelKind == "Key" && train.KeyNamesOf("Label") is { Length: > 1 } names:
                Array reordered = names is string[] text ? text.Reverse().ToArray() : ((float[])names).Reverse().ToArray();
                return (shape.Data(v, rows).WithKeyNames("Label", reordered), "keys reordered");
            case 2 when shape.LabelKind == "Key":
                return ((shape with { KeyCount = shape.KeyCount + 1 }).Data(v, rows), $"{shape.KeyCount + 1} classes");
            case 3:
                string other = shape.LabelKind switch { "Boolean" => "Single", "Single" => "Key", _ => "Boolean" };
                return ((shape with { LabelKind = other, KeyRaw = other == "Key" ? typeof(uint) : null }).Data(v, rows), null);
            default:
                return (validation ?? shape.Data(v, rows), null);
        }
    }

    private static int Rows(Random r, Shape shape)
    {
        double u = r.NextDouble();
        int rows = u < 0.02 ? 0 : u < 0.05 ? 1 : u < 0.15 ? r.Next(2, 6) : u < 0.9 ? r.Next(6, 200) : r.Next(200, 1500);
        return (int)Math.Min(rows, Math.Max(1, 400_000 / Math.Max(1, shape.Slots)));
    }

    /// <summary>The columns and how their values are drawn.</summary>
    internal sealed record Shape
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
            var columns = new List<(string, DataViewType, Array, Array?)> { Label(r, rows), Features(r, rows) };
            if (WeightKind is not null) columns.Add(Weights(r, rows));
            return new FuzzDataView(columns, rows, KnownCount);
        }

        private (string, DataViewType, Array, Array?) Label(Random r, int rows)
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
                    double u = r.NextDouble();
                    Array? names = u < 0.15 ? Enumerable.Range(0, KeyCount).Select(k => 0.5f * k).ToArray() // numbers, not text
                        : u < 0.5 ? Enumerable.Range(0, KeyCount).Select(k => $"class{k}").ToArray() : null;
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

        private (string, DataViewType, Array, Array?) Features(Random r, int rows)
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

        private (string, DataViewType, Array, Array?) Weights(Random r, int rows)
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
