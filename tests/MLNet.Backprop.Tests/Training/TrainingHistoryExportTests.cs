using System.Globalization;
using Microsoft.ML;
using MLNet.Backprop.Tests.TestSupport;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests.Training;

public class TrainingHistoryExportTests
{
    private static TrainingHistory Trained(float validationFraction = 0.2f)
    {
        var ml = new MLContext(0);
        var options = new BackpropTrainer.Options
        {
            HiddenLayers = [8, 4], NumberOfEpochs = 4, BatchSize = 32, Seed = 3, ValidationFraction = validationFraction, LearningRate = 0.01f,
        };
        return ml.BinaryClassification.Trainers.Backprop(options).Fit(Tabular.Load(ml, 300, 1)).Model.History;
    }

    [Fact]
    public void Csv_has_one_row_per_epoch_and_the_documented_columns()
    {
        var history = Trained();
        string[] lines = history.ToCsv().TrimEnd('\n').Split('\n');

        lines.Length.ShouldBe(1 + history.Epochs.Count);
        string[] header = lines[0].Split(',');
        header.Take(TrainingHistory.CsvEpochColumns.Count).ShouldBe(TrainingHistory.CsvEpochColumns);
        int layers = history.Epochs[0].Layers.Count;
        layers.ShouldBe(3);
        header.Length.ShouldBe(TrainingHistory.CsvEpochColumns.Count + layers * (TrainingHistory.CsvLayerColumnSuffixes.Count + TrainingHistory.CsvTrailingLayerColumnSuffixes.Count));
        header.ShouldContain("layer0_grad_norm_mean");
        header.ShouldContain("layer2_dead_share");
        // The columns added since come last: the others keep the places they had (readers that take them by position).
        int before = TrainingHistory.CsvEpochColumns.Count + layers * TrainingHistory.CsvLayerColumnSuffixes.Count;
        header.Skip(before).ShouldBe(["layer0_grad_rms", "layer1_grad_rms", "layer2_grad_rms"]);
        Array.IndexOf(header, "layer2_grad_zeros").ShouldBe(before - 1);
        lines.Skip(1).ShouldAllBe(l => l.Split(',').Length == header.Length);
    }

    [Fact]
    public void Csv_numbers_round_trip_bit_for_bit_in_the_invariant_culture()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("de-DE"); // decimal comma must not leak into the file
        try
        {
            var history = Trained();
            string[] lines = history.ToCsv().TrimEnd('\n').Split('\n');
            string[] header = lines[0].Split(',');
            for (int e = 0; e < history.Epochs.Count; e++)
            {
                string[] row = lines[e + 1].Split(',');
                var report = history.Epochs[e];
                double.Parse(row[Array.IndexOf(header, "training_loss")], CultureInfo.InvariantCulture).ShouldBe(report.TrainingLoss);
                double.Parse(row[Array.IndexOf(header, "validation_loss")], CultureInfo.InvariantCulture).ShouldBe(report.ValidationLoss!.Value);
                float.Parse(row[Array.IndexOf(header, "learning_rate")], CultureInfo.InvariantCulture).ShouldBe(report.LearningRate);
                double.Parse(row[Array.IndexOf(header, "layer1_grad_norm_mean")], CultureInfo.InvariantCulture).ShouldBe(report.Layers[1].GradientNormMean);
                double.Parse(row[Array.IndexOf(header, "layer0_weight_norm")], CultureInfo.InvariantCulture).ShouldBe(report.Layers[0].WeightNorm);
                double.Parse(row[Array.IndexOf(header, "layer0_grad_rms")], CultureInfo.InvariantCulture).ShouldBe(report.Layers[0].GradientRms);
            }
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Csv_leaves_missing_validation_empty_and_writes_to_a_file()
    {
        var history = Trained(validationFraction: 0);
        string path = Path.Combine(Path.GetTempPath(), $"history-{Guid.NewGuid():N}.csv");
        try
        {
            history.ToCsv(path);
            string[] lines = File.ReadAllLines(path);
            string[] header = lines[0].Split(',');
            lines[1].Split(',')[Array.IndexOf(header, "validation_loss")].ShouldBe("");
            lines.Length.ShouldBe(1 + history.Epochs.Count);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ToCsv_IntoAMissingDirectory_ThrowsNamingTheDirectory()
    {
        // Before: DirectoryNotFoundException "Could not find a part of the path '…/history.csv'".
        string missing = Path.Combine(Path.GetTempPath(), $"history-missing-{Guid.NewGuid():N}");
        var e = Should.Throw<DirectoryNotFoundException>(() => Trained().ToCsv(Path.Combine(missing, "history.csv")));
        e.Message.ShouldContain($"its directory '{missing}' does not exist (create it first)");
    }

    [Fact]
    public void ToCsv_IntoADirectoryThatTakesNoNewFile_ThrowsNamingThePathAndItsDirectory()
    {
        // /proc refuses new files even to root (as a read-only or foreign directory does). Before: FileNotFoundException
        // "Could not find file '/proc/history.csv'", which sends the user looking for a file they meant to create.
        var e = Should.Throw<Exception>(() => Trained().ToCsv("/proc/history.csv"));
        (e is IOException or UnauthorizedAccessException).ShouldBeTrue(e.GetType().Name);
        e.ShouldNotBeOfType<FileNotFoundException>();
        e.Message.ShouldStartWith("Cannot write '/proc/history.csv': no new file can be created in its directory '/proc'");
    }

    [Fact]
    public void ToCsv_OverAFileAReaderHoldsOpen_ReplacesItInsteadOfRewritingItInPlace()
    {
        // Before: StreamWriter truncated the existing file and wrote into it, so a reader (or a write failing half-way)
        // saw a cut or mixed file.
        var history = Trained();
        string path = Path.Combine(Path.GetTempPath(), $"history-{Guid.NewGuid():N}.csv");
        try
        {
            File.WriteAllText(path, "the previous history");
            using var reader = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            history.ToCsv(path);
            new StreamReader(reader).ReadToEnd().ShouldBe("the previous history");
            File.ReadAllText(path).ShouldBe(history.ToCsv());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ToJsonPath_OverAFileAReaderHoldsOpen_ReplacesItInsteadOfRewritingItInPlace()
    {
        // Before: File.WriteAllText truncated the existing file and rewrote it in place, as ToCsv(path) did.
        var history = Trained();
        string path = Path.Combine(Path.GetTempPath(), $"history-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(path, "the previous history");
            using var reader = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            history.ToJson(path);
            new StreamReader(reader).ReadToEnd().ShouldBe("the previous history");
            File.ReadAllText(path).ShouldBe(history.ToJson());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ToJsonPath_IntoAMissingDirectory_ThrowsNamingTheDirectory()
    {
        // Before: DirectoryNotFoundException "Could not find a part of the path '…/history.json'".
        string missing = Path.Combine(Path.GetTempPath(), $"history-missing-{Guid.NewGuid():N}");
        var e = Should.Throw<DirectoryNotFoundException>(() => Trained().ToJson(Path.Combine(missing, "history.json")));
        e.Message.ShouldContain($"its directory '{missing}' does not exist (create it first)");
    }

    [Fact]
    public void Json_round_trips_every_field()
    {
        var history = Trained();
        string json = history.ToJson();
        var back = TrainingHistory.FromJson(json);

        back.ToJson().ShouldBe(json);
        back.BestEpoch.ShouldBe(history.BestEpoch);
        back.StopReason.ShouldBe(history.StopReason);
        back.Elapsed.ShouldBe(history.Elapsed);
        back.Epochs.Count.ShouldBe(history.Epochs.Count);
        for (int e = 0; e < history.Epochs.Count; e++)
        {
            var (a, b) = (history.Epochs[e], back.Epochs[e]);
            b.TrainingLoss.ShouldBe(a.TrainingLoss);
            b.ValidationLoss.ShouldBe(a.ValidationLoss);
            b.LearningRate.ShouldBe(a.LearningRate);
            b.Layers.Count.ShouldBe(a.Layers.Count);
            for (int l = 0; l < a.Layers.Count; l++)
            {
                (b.Layers[l] with { GradientHistogram = null }).ShouldBe(a.Layers[l] with { GradientHistogram = null });
                b.Layers[l].GradientHistogram!.Counts.ShouldBe(a.Layers[l].GradientHistogram!.Counts);
                b.Layers[l].GradientHistogram!.Zeros.ShouldBe(a.Layers[l].GradientHistogram!.Zeros);
            }
        }
        json.ShouldContain("\"stopReason\": \"Completed\"");
    }

    [Fact]
    public void Json_and_csv_write_non_finite_values_as_named_literals()
    {
        var history = new TrainingHistory { BestEpoch = 1, StopReason = StopReason.Diverged };
        history.Add(new EpochReport
        {
            Epoch = 1, TrainingLoss = double.NaN, ValidationLoss = double.PositiveInfinity, GradientNormMax = double.NegativeInfinity,
            Layers = [new LayerStatistics { Layer = 0, GradientNormMean = double.NaN }],
        });

        string json = history.ToJson();
        json.ShouldContain("\"NaN\"");
        json.ShouldContain("\"Infinity\"");
        var back = TrainingHistory.FromJson(json);
        double.IsNaN(back.Epochs[0].TrainingLoss).ShouldBeTrue();
        back.Epochs[0].ValidationLoss.ShouldBe(double.PositiveInfinity);
        back.Epochs[0].GradientNormMax.ShouldBe(double.NegativeInfinity);
        double.IsNaN(back.Epochs[0].Layers[0].GradientNormMean).ShouldBeTrue();
        back.StopReason.ShouldBe(StopReason.Diverged);

        string row = history.ToCsv().Split('\n')[1];
        row.ShouldStartWith("1,NaN,Infinity,,");
    }

    [Fact]
    public void FromJson_rejects_text_that_is_not_a_history()
    {
        Should.Throw<System.Text.Json.JsonException>(() => TrainingHistory.FromJson("null"));
        Should.Throw<System.Text.Json.JsonException>(() => TrainingHistory.FromJson("[1, 2]"));
    }

    [Theory]
    [InlineData("[1, 2]", "could not be converted to a training history. Path: $")]
    [InlineData("{}", "missing required properties including: 'epochs'")]
    [InlineData("{\"epochs\": 5}", "could not be converted to a list of EpochReport. Path: $.epochs")]
    [InlineData("{\"epochs\": [], \"bestEpoch\": \"x\"}", "Path: $.bestEpoch")]
    [InlineData("{\"epochs\": [{\"findings\": [{\"kind\": \"Nope\"}]}]}", "could not be converted to FindingKind. Path: $.epochs[0].findings[0].kind")]
    [InlineData("not json", "Path: $")]
    public void FromJson_TextOfAnotherShape_ThrowsJsonExceptionSayingAHistoryWasExpectedAndWhere(string json, string where)
    {
        var ex = Should.Throw<System.Text.Json.JsonException>(() => TrainingHistory.FromJson(json));

        ex.Message.ShouldStartWith("The JSON text is not a training history as TrainingHistory.ToJson writes it (an object with 'epochs'");
        ex.Message.ShouldContain(where);
        ex.Message.ShouldNotContain("HistoryDocument"); // a private type the user cannot look up
        ex.Message.ShouldNotContain("`1");
    }
}
