using CreditRisk;

// Credit risk on Lending Club loans (5.2 % go bad): the MLP against ML.NET's trainers on PR-AUC, ROC-AUC, log-loss and
// calibration, and the decision at stated costs (a missed default costs 10× a refused good loan).
// Runs with no arguments: dotnet run --project samples/CreditRisk -c Release [-- --data PATH] [--rows N] [--folds K] [--seed N] [--trainers "A;B"]
// How its MLP was chosen: -- --choose (candidate settings cross-validated with fold seed 1, not the reported seed 0).
string? Option(string name)
{
    int at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}

string path;
try
{
    path = LoanData.Locate(Option("--data"));
}
catch (FileNotFoundException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
int? rows = int.TryParse(Option("--rows"), out int r) ? r : null;
int folds = int.TryParse(Option("--folds"), out int k) ? k : 5;
bool choose = args.Contains("--choose");
int seed = int.TryParse(Option("--seed"), out int s) ? s : choose ? Choosing.DefaultSeed : 0;
// --trainers "A;B": only those rows (trainer or candidate names, as printed), e.g. to repeat a comparison on other seeds.
string[]? only = Option("--trainers")?.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
var known = choose ? Choosing.Candidates.Select(c => c.Name) : Pipelines.All.Select(p => p.Name);
if (only?.FirstOrDefault(n => !known.Contains(n)) is { } unknown)
{
    Console.Error.WriteLine($"--trainers: no {(choose ? "candidate" : "trainer")} named '{unknown}'; expected some of: {string.Join("; ", known)}.");
    return 2;
}
try
{
    if (choose) Choosing.Run(path, Console.Out, rows, folds, seed, only);
    else SampleRun.Run(path, Console.Out, rows, folds, seed, only);
}
catch (ArgumentException e) when (e.ParamName == "folds")
{
    Console.Error.WriteLine(e.Message); // too few loans of a class for the folds: said before any fit
    return 2;
}
return 0;
