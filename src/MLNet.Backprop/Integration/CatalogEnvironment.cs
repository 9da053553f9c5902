using System.Reflection;
using Microsoft.ML.Runtime;

namespace MLNet.Backprop.Integration;

/// <summary>
/// Finds the ML.NET environment behind a trainer catalog (<c>ml.BinaryClassification.Trainers</c>), so that catalog
/// extension methods build a trainer with the context's seed and log.
/// </summary>
/// <remarks>ML.NET keeps the path internal (trainers catalog → <c>Owner</c> → <c>Environment</c>, what its own
/// <c>CatalogUtils.GetEnvironment</c> reads), so it is read by reflection, resolved once per catalog type; if a future
/// Microsoft.ML renames it, the error says so and how to proceed.</remarks>
internal static class CatalogEnvironment
{
    private const BindingFlags AnyInstance = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public;
    private static readonly Dictionary<Type, (PropertyInfo Owner, PropertyInfo Environment)> Cache = [];

    public static IHostEnvironment Of(object catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        (PropertyInfo Owner, PropertyInfo Environment) path;
        lock (Cache)
        {
            if (!Cache.TryGetValue(catalog.GetType(), out path))
            {
                var owner = catalog.GetType().GetProperty("Owner", AnyInstance);
                var environment = owner?.PropertyType.GetProperty("Environment", AnyInstance);
                if (owner is null || environment is null || !typeof(IHostEnvironment).IsAssignableFrom(environment.PropertyType))
                    throw new NotSupportedException($"This version of Microsoft.ML ({typeof(IHostEnvironment).Assembly.GetName().Version}) does not expose the " +
                        $"environment of {catalog.GetType().Name}; create the trainer with new BackpropTrainer(mlContext, options) instead.");
                Cache[catalog.GetType()] = path = (owner, environment);
            }
        }
        object ownerValue = path.Owner.GetValue(catalog) ?? throw new InvalidOperationException("The catalog has no owner.");
        return (IHostEnvironment)(path.Environment.GetValue(ownerValue) ?? throw new InvalidOperationException("The catalog has no environment."));
    }
}
