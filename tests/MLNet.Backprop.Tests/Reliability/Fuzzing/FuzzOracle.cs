using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests.Reliability.Fuzzing;

/// <summary>
/// Runs a case through the public API (create, fit, score) and accepts only the documented outcomes: a trained model
/// whose history holds no NaN loss unless it says Diverged and whose scores of the usable training rows are finite; or
/// an <see cref="ArgumentException"/> naming an option or column role, an <see cref="InvalidOperationException"/>
/// naming a column, option, row or epoch, or a <see cref="TrainingDivergedException"/> — each thrown by MLNet.Backprop
/// itself. Anything else (NullReference, IndexOutOfRange, Overflow, InvalidCast, an exception from ML.NET's internals
/// or from a getter asked for the wrong type) is a failure.
/// </summary>
internal static class FuzzOracle
{
    public enum Outcome { Trained, RefusedAtCreation, RefusedAtFit, Failed }

    private static readonly Assembly Library = typeof(BackpropTrainer).Assembly;
    private static readonly HashSet<string> OptionNames = typeof(BackpropTrainer.Options).GetProperties().Select(p => p.Name).ToHashSet();
    private static readonly string[] Roles = ["label", "feature", "weight"];

    public static (Outcome Outcome, string? Failure, string? Refusal) Run(FuzzCase c)
    {
        var ml = new MLContext(seed: c.Seed);
        BackpropTrainer trainer;
        try
        {
            trainer = new BackpropTrainer(ml, c.Options);
        }
        catch (Exception e)
        {
            if (c.InvalidOption is not null && e is ArgumentException a && a.ParamName == c.InvalidOption && a.Message.Contains(c.InvalidOption))
                return (Outcome.RefusedAtCreation, null, Kind(e));
            return Judge(e, c, "creation") is { } problem ? (Outcome.Failed, problem, null) : (Outcome.RefusedAtCreation, null, Kind(e));
        }
        if (c.InvalidOption is not null) return (Outcome.Failed, $"the out-of-range {c.InvalidOption} was accepted at creation", null);

        BackpropTransformer model;
        try
        {
            model = trainer.Fit(c.Train, c.Validation);
        }
        catch (Exception e)
        {
            return Judge(e, c, "Fit") is { } problem ? (Outcome.Failed, problem, null) : (Outcome.RefusedAtFit, null, Kind(e));
        }

        if (c.ValidationMismatch is not null)
            return (Outcome.Failed, $"validation data of another meaning ({c.ValidationMismatch}) was accepted", null);
        var history = model.Model.History;
        if (history.Epochs.Count == 0) return (Outcome.Failed, $"a model with no epoch, {history.StopReason}", null);
        if (history.StopReason != StopReason.Diverged && history.Epochs.FirstOrDefault(e => !double.IsFinite(e.TrainingLoss)) is { } bad)
            return (Outcome.Failed, $"training loss {bad.TrainingLoss} in epoch {bad.Epoch} reported as {history.StopReason}", null);
        if (history.StopReason == StopReason.Diverged && c.Options.OnDivergence != DivergenceBehavior.ReturnBestModel)
            return (Outcome.Failed, "Diverged returned as a model although OnDivergence is Throw", null);
        try
        {
            return ScoresFinite(model, c) is { } problem ? (Outcome.Failed, problem, null) : (Outcome.Trained, null, null);
        }
        catch (Exception e)
        {
            return (Outcome.Failed, $"scoring the usable training rows threw {Describe(e)}", null);
        }
    }

    /// <summary>Null when <paramref name="e"/> is a documented refusal, else what is wrong with it.</summary>
    private static string? Judge(Exception e, FuzzCase c, string stage)
    {
        bool ours = e.TargetSite?.DeclaringType?.Assembly == Library;
        string? problem = e switch
        {
            _ when !ours => "not thrown by MLNet.Backprop",
            TrainingDivergedException d => d.Message.Contains("diverged") ? null : "a divergence message that does not say so",
            ArgumentException a when e.GetType() == typeof(ArgumentException) || e.GetType() == typeof(ArgumentOutOfRangeException) =>
                a.ParamName is { } name && (OptionNames.Contains(name) || Roles.Contains(name)) ? null : $"parameter '{a.ParamName}' is neither an option nor a column role",
            InvalidOperationException when e.GetType() == typeof(InvalidOperationException) => NamesSomething(e.Message, c) ? null : "a message naming no column, option, row or epoch",
            _ => "an undocumented exception type",
        };
        return problem is null ? null : $"{stage} threw {Describe(e)}: {problem}";
    }

    private static bool NamesSomething(string message, FuzzCase c) =>
        new[] { c.Options.LabelColumnName, c.Options.FeatureColumnName, c.Options.ExampleWeightColumnName }.Any(n => n is not null && message.Contains($"'{n}'"))
        || OptionNames.Any(message.Contains) || message.Contains("row") || message.Contains("epoch");

    private static string Kind(Exception e) => FuzzVerdict.Kind(e);

    private static string Describe(Exception e) => FuzzVerdict.Describe(e);

    /// <summary>Scores the training rows whose features the trainer accepts (finite, within ±1e15): every output finite.</summary>
    private static string? ScoresFinite(BackpropTransformer model, FuzzCase c)
    {
        var vectors = c.Train.Values<VBuffer<float>>(c.Options.FeatureColumnName);
        var usable = Enumerable.Range(0, c.Train.Rows).Where(i => vectors[i].DenseValues().All(v => MathF.Abs(v) <= 1e15f)).Take(200).ToList();
        var scored = model.Transform(c.Train.Select(usable));
        var score = scored.Schema["Score"];
        using var cursor = scored.GetRowCursor([score]);
        bool vector = score.Type is VectorDataViewType;
        var getVector = vector ? cursor.GetGetter<VBuffer<float>>(score) : null;
        var getScalar = vector ? null : cursor.GetGetter<float>(score);
        VBuffer<float> values = default;
        float value = 0;
        while (cursor.MoveNext())
        {
            if (getVector is not null)
            {
                getVector(ref values);
                if (values.DenseValues().Any(v => !float.IsFinite(v))) return $"a non-finite score at row {cursor.Position}";
            }
            else
            {
                getScalar!(ref value);
                if (!float.IsFinite(value)) return $"score {value} at row {cursor.Position}";
            }
        }
        return null;
    }
}
