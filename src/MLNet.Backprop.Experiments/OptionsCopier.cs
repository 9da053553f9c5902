using System.Reflection;

namespace MLNet.Backprop.Experiments;

/// <summary>Copies every public settable property of <see cref="BackpropTrainer.Options"/> (arrays cloned), so the
/// copy stays right when options are added.</summary>
internal static class OptionsCopier
{
    private static readonly PropertyInfo[] Properties = typeof(BackpropTrainer.Options)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.CanRead && p.CanWrite && p.GetIndexParameters().Length == 0)
        .ToArray();

    public static BackpropTrainer.Options Copy(BackpropTrainer.Options source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var copy = new BackpropTrainer.Options();
        foreach (var property in Properties)
        {
            object? value = property.GetValue(source);
            if (value is Array array) value = array.Clone();
            property.SetValue(copy, value);
        }
        return copy;
    }
}
