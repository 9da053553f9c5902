using System.Reflection;

namespace MLNet.Backprop.Quality.Trainers;

/// <summary>One <c>Property=value</c> of an MLP variant, parsed to the property's type.</summary>
/// <param name="Property">The public settable property of <see cref="BackpropTrainer.Options"/>.</param>
/// <param name="Value">The converted value (null for a nullable set to null).</param>
/// <param name="Text">The value as written.</param>
public sealed record OptionSetting(PropertyInfo Property, object? Value, string Text)
{
    /// <summary>Sets the property on <paramref name="options"/>.</summary>
    public void ApplyTo(BackpropTrainer.Options options) => Property.SetValue(options, Value);

    /// <inheritdoc/>
    public override string ToString() => $"{Property.Name}={Text}";
}
