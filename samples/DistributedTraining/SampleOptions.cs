namespace DistributedTraining;

/// <summary>The command line: a mode and --name value pairs.</summary>
internal sealed record SampleOptions(string Mode, IReadOnlyDictionary<string, string> Values)
{
    public const int PrimarySiloPort = 11111, PrimaryGatewayPort = 30000;

    public static SampleOptions Parse(string[] args)
    {
        string mode = args.Length > 0 && !args[0].StartsWith("--") ? args[0] : "run";
        var values = new Dictionary<string, string>();
        for (int i = mode == "run" && (args.Length == 0 || args[0].StartsWith("--")) ? 0 : 1; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--")) throw new ArgumentException($"Unexpected argument '{args[i]}'; options are --name value.");
            values[args[i][2..]] = i + 1 < args.Length && !args[i + 1].StartsWith("--") ? args[++i] : "true";
        }
        if (values.ContainsKey("measure")) mode = "measure";
        return new SampleOptions(mode, values);
    }

    public string Text(string name, string fallback) => Values.TryGetValue(name, out var v) ? v : fallback;

    public int Number(string name, int fallback) => Values.TryGetValue(name, out var v) ? int.Parse(v) : fallback;

    public bool Flag(string name) => Values.ContainsKey(name);
}
