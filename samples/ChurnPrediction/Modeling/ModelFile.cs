using Microsoft.ML;
using ChurnPrediction.Data;
using MLNet.Backprop;

namespace ChurnPrediction.Modeling;

/// <summary>Loads a model saved by the train command, with errors that name the file.</summary>
public static class ModelFile
{
    public static ITransformer Load(MLContext ml, string path)
    {
        if (!File.Exists(path)) throw new DataSourceException($"model file '{path}' does not exist; create one with the train command.");
        try
        {
            return ml.Model.LoadBackprop(path, out _);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"model file '{path}' cannot be read: {e.Message}", e);
        }
    }
}
