using System.Text.Json.Nodes;
using ChurnPrediction.Data;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace ChurnPrediction.Modeling;

/// <summary>
/// The model in ML.NET's own format, for serving (samples/ChurnService): <c>ml.Model.Save</c> writes the MLP as ML.NET
/// built-ins (MLNet.Backprop.Onnx), so any ML.NET application loads it with plain <c>ml.Model.Load</c>. Beside it, the
/// decision threshold the sample chose, as a one-line JSON file the service reads.
/// </summary>
public static class ServingExport
{
    public const string ModelFileName = "churn-model.mlnet.zip";

    public const string SettingsFileName = "churn-model.mlnet.json";

    /// <summary>Writes both files into <paramref name="directory"/>; each replaces the old one in one move, so a service
    /// watching the folder never reads half a file. Returns the model's path. With <paramref name="training"/>, the
    /// settings also hold the mean and standard deviation of each numeric column of the training customers, from which
    /// the service notes an amount far outside them (as the predict command warns).</summary>
    public static string Save(MLContext ml, ITransformer pipeline, DataViewSchema inputSchema, float threshold, string directory, IDataView? training = null)
    {
        string model = Path.Combine(directory, ModelFileName);
        Replace(model, temp => ml.Model.Save(pipeline, inputSchema, temp));
        var settings = new JsonObject { ["threshold"] = threshold };
        if (training is not null)
        {
            var numbers = new JsonObject();
            foreach (string column in TelcoSchema.Numeric)
            {
                var values = training.GetColumn<float>(column).Where(float.IsFinite).Select(v => (double)v).ToArray();
                double mean = values.Average();
                numbers[column] = new JsonObject { ["mean"] = mean, ["deviation"] = Math.Sqrt(values.Average(v => (v - mean) * (v - mean))) };
            }
            settings["numbers"] = numbers;
        }
        Replace(Path.Combine(directory, SettingsFileName), temp => File.WriteAllText(temp, settings.ToJsonString() + "\n"));
        return model;
    }

    private static void Replace(string path, Action<string> write)
    {
        string temp = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            write(temp);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
