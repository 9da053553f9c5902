namespace ChurnPrediction.Reporting;

/// <summary>Section headings and the warning shown whenever the figures come from generated data.</summary>
public static class Banner
{
    public static void Section(TextWriter output, string title)
    {
        output.WriteLine();
        output.WriteLine($"== {title} ==");
    }

    public static void SyntheticWarning(TextWriter output)
    {
        string[] lines =
        [
            "SYNTHETIC DATA: generated customers with the Telco schema.",
            "Every figure below is NOT a real churn result; use --data for real data.",
        ];
        int width = lines.Max(l => l.Length);
        string border = new('!', width + 6);
        output.WriteLine(border);
        foreach (string line in lines) output.WriteLine($"!! {line.PadRight(width)} !!");
        output.WriteLine(border);
    }
}
