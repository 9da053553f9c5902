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
        const string Line = "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!";
        output.WriteLine(Line);
        output.WriteLine("!! SYNTHETIC DATA: generated customers with the Telco schema.              !!");
        output.WriteLine("!! Every figure below is NOT a real churn result; use --data for real data. !!");
        output.WriteLine(Line);
    }
}
