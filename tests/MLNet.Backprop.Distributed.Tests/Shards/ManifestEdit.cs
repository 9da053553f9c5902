using System.Text.Json.Nodes;

namespace MLNet.Backprop.Distributed.Tests;

/// <summary>Edits a shard set's manifest as a user with a text editor would.</summary>
internal static class ManifestEdit
{
    public static void Apply(string manifest, Action<JsonObject> edit)
    {
        var json = JsonNode.Parse(File.ReadAllText(manifest))!.AsObject();
        edit(json);
        File.WriteAllText(manifest, json.ToJsonString());
    }
}
