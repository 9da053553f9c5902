using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace MLNet.Backprop.Onnx.Tests.TestSupport;

/// <summary>Runs an ONNX model in ONNX Runtime on every row of a data view at once: each graph input is fed from the
/// column of the same name, as [rows, width]; outputs come back as flat float arrays (bool as 0/1, uint32 as numbers; keys fed as their tensor's uint8, uint16, uint32 or uint64)
/// or strings.</summary>
internal sealed class OnnxRunner : IDisposable
{
    private readonly InferenceSession _session;

    public OnnxRunner(byte[] model)
    {
        _session = new InferenceSession(model, new SessionOptions { LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR });
    }

    public IReadOnlyDictionary<string, NodeMetadata> Inputs => _session.InputMetadata;

    public IReadOnlyDictionary<string, NodeMetadata> Outputs => _session.OutputMetadata;

    public Dictionary<string, object> Run(IDataView data)
    {
        var inputs = new List<NamedOnnxValue>();
        foreach (var (name, meta) in _session.InputMetadata)
        {
            var column = data.Schema[name];
            int width = column.Type is VectorDataViewType v ? v.Size : 1;
            int[] Shape(int count) => [count / width, width];
            if (meta.ElementType == typeof(string))
            {
                var values = Columns.Strings(data, name);
                inputs.Add(NamedOnnxValue.CreateFromTensor(name, new DenseTensor<string>(values, Shape(values.Length))));
            }
            else
            {
                var values = Columns.Floats(data, name);
                NamedOnnxValue input = meta.ElementType switch
                {
                    var t when t == typeof(float) => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(values, Shape(values.Length))),
                    var t when t == typeof(bool) => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<bool>(values.Select(x => x != 0).ToArray(), Shape(values.Length))),
                    var t when t == typeof(uint) => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<uint>(values.Select(x => (uint)x).ToArray(), Shape(values.Length))),
                    var t when t == typeof(byte) => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<byte>(values.Select(x => (byte)x).ToArray(), Shape(values.Length))),
                    var t when t == typeof(ushort) => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<ushort>(values.Select(x => (ushort)x).ToArray(), Shape(values.Length))),
                    // Read as they are: a float holds no uint64 key above 2^24 exactly.
                    var t when t == typeof(ulong) => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<ulong>(Columns.UInt64s(data, name), Shape(values.Length))),
                    _ => throw new NotSupportedException($"input {name}: {meta.ElementType}"),
                };
                inputs.Add(input);
            }
        }
        using var results = _session.Run(inputs);
        var outputs = new Dictionary<string, object>();
        foreach (var r in results)
        {
            outputs[r.Name] = r.Value switch
            {
                Tensor<float> t => t.ToArray(),
                Tensor<bool> t => t.ToArray().Select(x => x ? 1f : 0f).ToArray(),
                Tensor<uint> t => t.ToArray().Select(x => (float)x).ToArray(),
                Tensor<long> t => t.ToArray().Select(x => (float)x).ToArray(),
                Tensor<string> t => t.ToArray(),
                var other => other,
            };
        }
        return outputs;
    }

    public float[] Floats(Dictionary<string, object> outputs, string column) => (float[])outputs[column + ".output"];

    public void Dispose() => _session.Dispose();
}
