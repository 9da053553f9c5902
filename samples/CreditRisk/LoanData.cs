
using Microsoft.ML.Data;

namespace CreditRisk;

/// <summary>shared/data/sparse/lending_club.csv: 9,857 loans of 2016 Q1, 5.2 % "bad"; 17 numbers and 5 text columns.</summary>
public static class LoanData
{
    public static readonly string[] Text = ["term", "sub_grade", "addr_state", "verification_status", "emp_length"];

    public static readonly string[] Numbers =
    [
        "funded_amnt", "int_rate", "annual_inc", "delinq_2yrs", "inq_last_6mths", "revol_util", "acc_now_delinq", "open_il_6m", "open_il_12m",
        "open_il_24m", "total_bal_il", "all_util", "inq_fi", "inq_last_12m", "delinq_amnt", "num_il_tl", "total_il_high_credit_limit",
    ];

    /// <summary>The CSV, found from the working directory or the program's folder upwards (shared/ sits beside the repository).</summary>
    public static string Locate(string? path)
    {
        if (path is not null) return File.Exists(path) ? path : throw new FileNotFoundException($"No file at {path}.");
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "data", "sparse", "lending_club.csv");
                if (File.Exists(candidate)) return candidate;
            }
        throw new FileNotFoundException("shared/data/sparse/lending_club.csv was not found above the working directory; pass --data PATH.");
    }

    /// <summary>The loans (the first <paramref name="rows"/> when given). The file is plain: quoted words, no commas inside.</summary>
    public static List<Loan> Load(string path, int? rows = null)
    {
        var lines = File.ReadLines(path).ToList();
        string[] header = lines[0].Split(',').Select(h => h.Trim('"')).ToArray();
        int[] numbers = Numbers.Select(n => Array.IndexOf(header, n)).ToArray();
        int[] text = Text.Select(n => Array.IndexOf(header, n)).ToArray();
        int label = Array.IndexOf(header, "Class");
        var loans = new List<Loan>();
        foreach (var line in lines.Skip(1).Take(rows ?? int.MaxValue))
        {
            string[] f = line.Split(',').Select(v => v.Trim('"')).ToArray();
            loans.Add(new Loan
            {
                Numbers = numbers.Select(i => float.Parse(f[i], System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
                Term = f[text[0]], SubGrade = f[text[1]], State = f[text[2]], Verification = f[text[3]], EmploymentLength = f[text[4]],
                Label = f[label] == "bad",
            });
        }
        return loans;
    }
}

/// <summary>One loan: the numbers as one vector, the text columns, and whether it went bad.</summary>
public sealed class Loan
{
    [VectorType(17)]
    public float[] Numbers { get; set; } = [];

    public string Term { get; set; } = "";
    public string SubGrade { get; set; } = "";
    public string State { get; set; } = "";
    public string Verification { get; set; } = "";
    public string EmploymentLength { get; set; } = "";

    /// <summary>True when the loan went bad (charged off or late).</summary>
    public bool Label { get; set; }

    public static readonly string[] TextColumns = [nameof(Term), nameof(SubGrade), nameof(State), nameof(Verification), nameof(EmploymentLength)];
}
