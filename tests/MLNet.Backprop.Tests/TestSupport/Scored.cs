using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Backprop.Tests.TestSupport;

/// <summary>The Score column of a model's output, as an array: what the trainer tests compare bit for bit.</summary>
internal static class Scored
{
    public static float[] Values(ITransformer model, IDataView data) => model.Transform(data).GetColumn<float>("Score").ToArray();
}
