using System.Globalization;
using System.Text;

namespace ChurnPrediction.Data;

/// <summary>
/// Generated customers with exactly the Telco file's columns and value sets, so the whole sample runs without the real
/// file. Churn follows a made-up logistic rule (month-to-month contracts, short tenure, fibre, electronic checks raise
/// it), loosely shaped like the real data: the pipeline has something to learn, but the figures say nothing real.
/// </summary>
public static class SyntheticTelco
{
    public const int DefaultRows = 7043;

    /// <summary>Writes <paramref name="rows"/> generated customers as a Telco CSV to <paramref name="path"/>.</summary>
    public static void Write(string path, int seed, int rows = DefaultRows)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var random = new Random(seed);
        var csv = new StringBuilder().AppendLine(string.Join(',', TelcoSchema.Header));
        for (int i = 0; i < rows; i++) csv.AppendLine(string.Join(',', Customer(random, i)));
        File.WriteAllText(path, csv.ToString());
    }

    private static string[] Customer(Random r, int index)
    {
        string Pick(params string[] values) => values[r.Next(values.Length)];
        string YesNo(double pYes) => r.NextDouble() < pYes ? "Yes" : "No";

        string contract = r.NextDouble() switch { < 0.55 => "Month-to-month", < 0.76 => "One year", _ => "Two year" };
        int tenure = contract switch
        {
            "Month-to-month" => r.Next(0, 40),
            "One year" => r.Next(6, 60),
            _ => r.Next(12, 73),
        };
        string internet = r.NextDouble() switch { < 0.44 => "Fiber optic", < 0.78 => "DSL", _ => "No" };
        bool hasInternet = internet != "No";
        string phone = YesNo(0.9);
        string Addon() => hasInternet ? YesNo(0.4) : "No internet service";
        string security = Addon(), backup = Addon(), protection = Addon(), support = Addon(), tv = Addon(), movies = Addon();
        string payment = Pick("Electronic check", "Mailed check", "Bank transfer (automatic)", "Credit card (automatic)");
        int senior = r.NextDouble() < 0.16 ? 1 : 0;

        double monthly = 20 + (phone == "Yes" ? 5 : 0) + internet switch { "Fiber optic" => 50, "DSL" => 25, _ => 0 }
                         + new[] { security, backup, protection, support, tv, movies }.Count(a => a == "Yes") * 5 + r.NextDouble() * 10;
        // New customers (tenure 0) have no TotalCharges yet, like the 11 blank rows of the real file.
        string total = tenure == 0 ? " " : (monthly * tenure * (0.95 + 0.1 * r.NextDouble())).ToString("F2", CultureInfo.InvariantCulture);

        double logit = -1.6 + (contract == "Month-to-month" ? 1.6 : contract == "One year" ? 0 : -1.2) - 0.04 * tenure
                       + (internet == "Fiber optic" ? 0.9 : 0) + (payment == "Electronic check" ? 0.6 : 0) + 0.4 * senior
                       + (support == "Yes" ? -0.5 : 0) + (security == "Yes" ? -0.5 : 0);
        string churn = r.NextDouble() < 1 / (1 + Math.Exp(-logit)) ? "Yes" : "No";

        return
        [
            $"{index:D4}-SYN{(char)('A' + r.Next(26))}{(char)('A' + r.Next(26))}", Pick("Female", "Male"), senior.ToString(CultureInfo.InvariantCulture),
            YesNo(0.48), YesNo(0.3), tenure.ToString(CultureInfo.InvariantCulture), phone,
            phone == "Yes" ? YesNo(0.45) : "No phone service", internet, security, backup, protection, support, tv, movies,
            contract, YesNo(0.6), payment, monthly.ToString("F2", CultureInfo.InvariantCulture), total, churn,
        ];
    }
}
