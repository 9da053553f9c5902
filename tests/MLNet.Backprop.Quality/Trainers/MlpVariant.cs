using Microsoft.ML;
using MLNet.Backprop.Quality.DataSets;
using static MLNet.Backprop.Quality.DataSets.ColumnNames;

namespace MLNet.Backprop.Quality.Trainers;

/// <summary>
/// An MLP configuration from the command line: <c>name:Property=value;Property=value</c>. The options start from
/// <c>new BackpropTrainer.Options()</c> (the library's defaults) with the tool's column names, then the settings.
/// </summary>
public sealed class MlpVariant
{
    private MlpVariant(string name, IReadOnlyList<OptionSetting> settings)
    {
        Name = name;
        Settings = settings;
    }

    /// <summary>The variant's name (its key in <c>--trainers</c>).</summary>
    public string Name { get; }

    /// <summary>Its settings, in order.</summary>
    public IReadOnlyList<OptionSetting> Settings { get; }

    /// <summary>Parses <c>name:settings</c>; the settings are checked by creating a trainer (as the library validates
    /// every option on creation), so a bad value fails before any data is read.</summary>
    /// <exception cref="FormatException">No name, a bad name, or a bad setting (named).</exception>
    public static MlpVariant Parse(string spec)
    {
        int colon = spec.IndexOf(':');
        string name = colon < 0 ? spec.Trim() : spec[..colon].Trim();
        if (colon < 0) throw new FormatException($"MLP variant '{spec}' needs a name: name:Property=value;Property=value.");
        if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
            throw new FormatException($"MLP variant name '{name}' must be letters, digits, '_', '-' or '.'.");
        var variant = new MlpVariant(name, OptionsParser.Parse(spec[(colon + 1)..]));
        try
        {
            _ = new BackpropTrainer(new MLContext(), variant.Options());
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"MLP variant '{name}': {e.Message}", e);
        }
        return variant;
    }

    /// <summary>Fresh options for one fit (the catalog stores the task in them, so they are never shared).</summary>
    public BackpropTrainer.Options Options()
    {
        var options = new BackpropTrainer.Options { LabelColumnName = Label, FeatureColumnName = Features };
        foreach (var setting in Settings) setting.ApplyTo(options);
        return options;
    }

    /// <summary>The comparison column of this variant.</summary>
    public TrainerEntry ToEntry() => new(Name, $"MLP:{Name}", Create, IsMlp: true,
        Settings.Count == 0 ? "BackpropTrainer.Options defaults" : string.Join("; ", Settings));

    private IEstimator<ITransformer> Create(MLContext ml, TaskKind task) => task switch
    {
        TaskKind.Binary => ml.BinaryClassification.Trainers.Backprop(Options()),
        TaskKind.Multiclass => ml.MulticlassClassification.Trainers.Backprop(Options()),
        _ => ml.Regression.Trainers.Backprop(Options()),
    };
}
