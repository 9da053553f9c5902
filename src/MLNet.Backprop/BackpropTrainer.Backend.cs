using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace MLNet.Backprop;

// A trainer whose rows and steps come from a micro-batch backend (the distributed package's cluster).
public sealed partial class BackpropTrainer
{
    private readonly IMicroBatchBackend? _backend;

    /// <summary>A trainer whose rows and steps come from <paramref name="backend"/> (the options must set
    /// <see cref="Options.MicroBatchSize"/>).</summary>
    internal BackpropTrainer(IHostEnvironment environment, Options options, IMicroBatchBackend backend) : this(environment, options)
    {
        ArgumentNullException.ThrowIfNull(backend);
        if (_options.MicroBatchSize is null) throw new ArgumentException("A training backend needs Options.MicroBatchSize.", nameof(options));
        _backend = backend;
    }

    /// <summary>The task this trainer trains on data of <paramref name="schema"/> (its option, or inferred from the label type).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The label column is missing or of no trainable type.</exception>
    internal BackpropTask TaskFor(DataViewSchema schema) => ResolveTask(Integration.Schema.SchemaShapes.FromSchema(schema));
}
