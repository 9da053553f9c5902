using Microsoft.ML;
using MLNet.Backprop.Integration.Schema;

namespace MLNet.Backprop.Integration.Data;

/// <summary>Whether rows can give a task's evaluation metric, checked before the work that needs it: the label column of
/// the task's type, rows with a label, for a binary task both classes (ML.NET's evaluators fail on one class with an
/// internal assertion about AUC), and for regression labels that vary (R² divides by their variance: ML.NET reports NaN
/// as if it were a result). Permutation feature importance and the experiment sweep's test rows use it.</summary>
internal static class MetricLabels
{
    /// <param name="data">The rows.</param>
    /// <param name="labelColumn">Their label column.</param>
    /// <param name="task">The model's task.</param>
    /// <param name="rowsName">The rows in the message: "data", "test data".</param>
    /// <param name="user">What needs the metric, the message's subject: "permutation feature importance".</param>
    /// <param name="paramName">The caller's parameter holding the rows.</param>
    /// <exception cref="ArgumentOutOfRangeException">The label column is missing or of another type (ParamName "label").</exception>
    /// <exception cref="ArgumentException">No row has a label, a binary task's rows hold one class, or a regression's rows
    /// one label value (ParamName <paramref name="paramName"/>).</exception>
    public static void Verify(IDataView data, string labelColumn, BackpropTask task, string rowsName, string user, string paramName)
    {
        var label = SchemaValidation.CheckLabelColumn(data.Schema, labelColumn, PredictionKinds.Of(task));
        long rows = 0, positives = 0;
        float first = float.NaN;
        bool varies = false;
        using (var cursor = data.GetRowCursor([label]))
        {
            var read = LabelReader.Create(cursor, label, task);
            while (cursor.MoveNext())
            {
                float value = read();
                if (float.IsNaN(value)) continue; // a missing label: the evaluators skip the row
                if (rows++ == 0) first = value;
                if (value == 1f) positives++;
                if (task == BackpropTask.MulticlassClassification) break; // one labelled row is all its metrics need
                if (task == BackpropTask.Regression && value != first) { varies = true; break; }
            }
        }
        if (rows == 0)
            throw new ArgumentException($"The {rowsName} has no row with a label in '{labelColumn}': {user} needs labelled rows.", paramName);
        if (task == BackpropTask.BinaryClassification && (positives == 0 || positives == rows))
            throw new ArgumentException($"Label column '{labelColumn}' holds only {(positives == 0 ? "false" : "true")} in the {rows} rows of the {rowsName}: " +
                $"{user} needs both classes (its metric is AUC).", paramName);
        if (task == BackpropTask.Regression && !varies)
            throw new ArgumentException($"Label column '{labelColumn}' is {first.ToString(System.Globalization.CultureInfo.InvariantCulture)} in every one of the {rows} labelled rows of the {rowsName}: " +
                $"{user} needs labels that vary (its metric is R², undefined when they do not).", paramName);
    }
}
