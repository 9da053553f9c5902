using Microsoft.ML;
using Recommendation.Data;
using Recommendation.Modeling;

// InstEval (ETH Zürich lecture evaluations): predict a student's rating of a lecturer, then recommend lecturers.
// Runs with no arguments: dotnet run --project samples/Recommendation -c Release [-- --data FOLDER] [--seed N]
string? folder = Option(args, "--data");
int seed = int.TryParse(Option(args, "--seed"), out int s) ? s : 0;
var ml = new MLContext(seed);
string data;
try
{
    data = InstEvalFiles.Locate(folder);
}
catch (FileNotFoundException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
var (train, test) = InstEvalFiles.Load(ml, data);
var trainRows = ml.Data.CreateEnumerable<Rating>(train, reuseRowObject: false).ToList();
var testRows = ml.Data.CreateEnumerable<Rating>(test, reuseRowObject: false).ToList();
Console.WriteLine($"InstEval: {trainRows.Count:N0} training and {testRows.Count:N0} test ratings; {trainRows.Select(r => r.Student).Distinct().Count():N0} students, " +
    $"{trainRows.Select(r => r.Lecturer).Distinct().Count():N0} lecturers (data: {data}).");

if (args.Contains("--choose"))
{
    // The configuration search: cross-validation on the training split only.
    int folds = int.TryParse(Option(args, "--folds"), out int k) ? k : 3;
    Console.WriteLine($"== {folds}-fold cross-validation of the MLP's configurations on the training split ==");
    var scores = ConfigurationSearch.Run(ml, train, ConfigurationSearch.Grid, folds, seed, message => Console.Error.WriteLine(message));
    Console.WriteLine(ConfigurationSearch.Table(scores));
    return 0;
}

Console.WriteLine();
Console.WriteLine("== Ratings on the test split (same split, same run) ==");
var results = Comparison.Run(ml, Candidates.All(ml, seed), train, test, message => Console.Error.WriteLine(message));
Console.WriteLine(Comparison.Table(results));

var best = results.OrderBy(r => r.Rmse).First();
var recommender = new Recommender(ml, best.Model, trainRows);
string student = testRows.Select(r => r.Student).OrderBy(x => x, StringComparer.Ordinal).First();
Console.WriteLine();
Console.WriteLine($"== Top 10 lecturers for student {student} by {best.Name} (of {recommender.LecturerCount:N0}, not yet rated) ==");
foreach (var (lecturer, department, predicted) in recommender.Top(student, 10)) Console.WriteLine($"  {lecturer,-8} {department,-7} predicted {predicted:F2}");

Console.WriteLine();
Console.WriteLine("== Hit rate @10 on held-out ratings of 4 or 5 (first 200 test students with one) ==");
foreach (var result in results.OrderBy(r => r.Rmse))
    Console.WriteLine($"  {result.Name,-40} {new Recommender(ml, result.Model, trainRows).HitRate(testRows, 10, 200):P1}");
return 0;

static string? Option(string[] args, string name)
{
    int at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}
