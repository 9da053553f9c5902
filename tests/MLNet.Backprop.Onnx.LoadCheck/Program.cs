using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

// Loads a model saved with ml.Model.Save in a process that has no MLNet.Backprop, with plain ml.Model.Load and no
// registration call, then uses it the standard ways: Transform, Evaluate, PredictionEngine, MapKeyToValue after it.
// Usage: LoadCheck MODEL.zip ROWS.idv binary|multiclass|regression LABEL OUTPUT_DIR
if (args.Length != 5)
{
    Console.Error.WriteLine("usage: LoadCheck MODEL.zip ROWS.idv binary|multiclass|regression LABEL OUTPUT_DIR");
    return 2;
}
var (modelPath, rowsPath, task, label, outputDir) = (args[0], args[1], args[2], args[3], args[4]);
var ml = new MLContext(seed: 0);
var lines = new List<string>
{
    "MLNet.Backprop resolvable: " + (Type.GetType("MLNet.Backprop.BackpropTransformer, MLNet.Backprop", throwOnError: false) is not null),
};

var model = ml.Model.Load(modelPath, out var inputSchema);
lines.Add($"input columns: {inputSchema.Count}");
var rows = ml.Data.LoadFromBinary(rowsPath);
var scored = model.Transform(rows);
string F(double x) => x.ToString("R", CultureInfo.InvariantCulture);
switch (task)
{
    case "binary":
        var b = ml.BinaryClassification.Evaluate(scored, label);
        lines.Add($"metrics: {F(b.AreaUnderRocCurve)} {F(b.Accuracy)} {F(b.LogLoss)}");
        var binaryEngine = ml.Model.CreatePredictionEngine<TelcoRow, BinaryPrediction>(model);
        foreach (var row in ml.Data.CreateEnumerable<TelcoRow>(rows, reuseRowObject: false).Take(20))
        {
            var p = binaryEngine.Predict(row);
            lines.Add($"engine: {F(p.Score)} {F(p.Probability)} {p.PredictedLabel}");
        }
        break;
    case "multiclass":
        var m = ml.MulticlassClassification.Evaluate(scored, label);
        lines.Add($"metrics: {F(m.MicroAccuracy)} {F(m.MacroAccuracy)} {F(m.LogLoss)}");
        // The class name back from the key, with ML.NET's MapKeyToValue appended to the loaded model.
        var named = new TransformerChain<ITransformer>(model, ml.Transforms.Conversion.MapKeyToValue("PredictedClass", "PredictedLabel").Fit(scored));
        scored = named.Transform(rows);
        var classEngine = ml.Model.CreatePredictionEngine<TelcoRow, ClassPrediction>(named);
        foreach (var row in ml.Data.CreateEnumerable<TelcoRow>(rows, reuseRowObject: false).Take(20))
        {
            var p = classEngine.Predict(row);
            lines.Add($"engine: {p.PredictedClass} {string.Join(" ", p.Score.Select(s => F(s)))}");
        }
        break;
    default:
        var r = ml.Regression.Evaluate(scored, label);
        lines.Add($"metrics: {F(r.RootMeanSquaredError)} {F(r.RSquared)}");
        var regressionEngine = ml.Model.CreatePredictionEngine<BostonRow, RegressionPrediction>(model);
        foreach (var row in ml.Data.CreateEnumerable<BostonRow>(rows, reuseRowObject: false).Take(20))
            lines.Add($"engine: {F(regressionEngine.Predict(row).Score)}");
        break;
}
string[] keep = [.. new[] { "Score", "Probability", "PredictedLabel", "PredictedClass" }.Where(c => scored.Schema.GetColumnOrNull(c) is not null)];
using (var file = File.Create(Path.Combine(outputDir, "scored.idv")))
    ml.Data.SaveAsBinary(ml.Transforms.SelectColumns(keep).Fit(scored).Transform(scored), file);
lines.Add("MLNet.Backprop loaded: " + AppDomain.CurrentDomain.GetAssemblies().Any(a => a.GetName().Name == "MLNet.Backprop"));
File.WriteAllLines(Path.Combine(outputDir, "report.txt"), lines);
(model as IDisposable)?.Dispose();
return 0;

#pragma warning disable SA1649, CA1050 // the row classes of this one-file tool
public sealed class TelcoRow
{
    public string gender { get; set; } = "";
    public float SeniorCitizen { get; set; }
    public string Partner { get; set; } = "";
    public string Dependents { get; set; } = "";
    public float tenure { get; set; }
    public string PhoneService { get; set; } = "";
    public string MultipleLines { get; set; } = "";
    public string InternetService { get; set; } = "";
    public string OnlineSecurity { get; set; } = "";
    public string OnlineBackup { get; set; } = "";
    public string DeviceProtection { get; set; } = "";
    public string TechSupport { get; set; } = "";
    public string StreamingTV { get; set; } = "";
    public string StreamingMovies { get; set; } = "";
    public string Contract { get; set; } = "";
    public string PaperlessBilling { get; set; } = "";
    public string PaymentMethod { get; set; } = "";
    public float MonthlyCharges { get; set; }
    public float TotalCharges { get; set; }
}

public sealed class BostonRow
{
    public float crim { get; set; }
    public float zn { get; set; }
    public float indus { get; set; }
    public string chas { get; set; } = "";
    public float nox { get; set; }
    public float rm { get; set; }
    public float age { get; set; }
    public float dis { get; set; }
    public float rad { get; set; }
    public float tax { get; set; }
    public float ptratio { get; set; }
    public float b { get; set; }
    public float lstat { get; set; }
}

public sealed class BinaryPrediction
{
    public float Score { get; set; }
    public float Probability { get; set; }
    public bool PredictedLabel { get; set; }
}

public sealed class ClassPrediction
{
    public float[] Score { get; set; } = [];
    public string PredictedClass { get; set; } = "";
}

public sealed class RegressionPrediction
{
    public float Score { get; set; }
}
