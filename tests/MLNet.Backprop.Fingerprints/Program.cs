using MLNet.Backprop.Fingerprints;

// Trains a fixed set of configurations and prints one line of hashes per run (weights, history, diagnosis, scores),
// so that two revisions of the library can be compared for bit-identical behaviour: see compare.sh.
string? dumpDirectory = null;
for (int i = 0; i < args.Length; i++)
{
    if (args[i] == "--dump" && i + 1 < args.Length) dumpDirectory = args[++i];
    else
    {
        Console.Error.WriteLine("usage: MLNet.Backprop.Fingerprints [--dump DIR]");
        return 2;
    }
}
if (dumpDirectory is not null) Directory.CreateDirectory(dumpDirectory);
foreach (var configuration in Configurations.All())
{
    var print = Runner.Run(configuration);
    Console.WriteLine(print.Line);
    if (dumpDirectory is not null) File.WriteAllText(Path.Combine(dumpDirectory, configuration.Name + ".txt"), print.Text);
}
return 0;
