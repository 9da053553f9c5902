using System.Net;
using System.Text.Json;
using MLNet.Backprop.Tests.Reliability.Fuzzing;
using MLNet.Backprop.Tests.TestSupport;
using Xunit.Abstractions;

namespace ChurnService.Tests.Fuzzing;

/// <summary>
/// The service's request fuzzer (bodies from <see cref="RequestFuzzCase"/>; 10 s in CI): every answer is a 200 whose
/// predictions are probabilities in [0, 1] with a decision and notes, one per customer sent, or a 400 whose body names
/// the problem. Never a 500, an empty body or a body that is not JSON.
/// </summary>
public sealed class RequestFuzzTests(ChurnModelFixture fixture, ITestOutputHelper output) : IClassFixture<ChurnModelFixture>
{
    [TelcoFact]
    public void Fuzz_DamagedRequestBodies_Only200Or400WithAMessage()
    {
        using var client = fixture.Factory.CreateClient();
        FuzzHarness.Run("service", 10, seed =>
        {
            var (body, description) = RequestFuzzCase.Generate(seed, fixture.Customers);
            return (description, Judge(client, body));
        }, "dotnet test tests/ChurnService.Tests -c Release --filter FullyQualifiedName~RequestFuzzTests", output);
    }

    private static FuzzVerdict Judge(HttpClient client, byte[] body)
    {
        var response = client.PostAsync("/predict", new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } }).GetAwaiter().GetResult();
        string text = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        JsonElement answer;
        try
        {
            answer = JsonDocument.Parse(text).RootElement;
        }
        catch (JsonException)
        {
            return new("Failed", $"{(int)response.StatusCode} with a body that is not JSON: '{(text.Length > 80 ? text[..80] : text)}'");
        }
        if (response.StatusCode == HttpStatusCode.BadRequest)
            return answer.TryGetProperty("error", out var error) && error.GetString() is { Length: > 0 } message
                ? new("Answered400", null, System.Text.RegularExpressions.Regex.Replace(message.Length > 60 ? message[..60] : message, "[0-9.E+-]+", "#"))
                : new("Failed", "a 400 without an error message");
        if (response.StatusCode != HttpStatusCode.OK) return new("Failed", $"status {(int)response.StatusCode}: {text}");
        var predictions = answer.ValueKind == JsonValueKind.Array ? [.. answer.EnumerateArray()] : new[] { answer };
        foreach (var p in predictions)
        {
            float probability = p.GetProperty("churnProbability").GetSingle();
            if (!(probability >= 0 && probability <= 1)) return new("Failed", $"probability {probability}");
            if (p.GetProperty("churn").GetBoolean() != probability >= p.GetProperty("threshold").GetSingle()) return new("Failed", "a decision against the threshold");
            if (p.GetProperty("notes").ValueKind != JsonValueKind.Array) return new("Failed", "no notes array");
        }
        return new("Answered200");
    }
}
