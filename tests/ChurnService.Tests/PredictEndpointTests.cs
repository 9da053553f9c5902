using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MLNet.Backprop.Tests.TestSupport;
using Xunit.Abstractions;

namespace ChurnService.Tests;

/// <summary>The service end to end over HTTP (TestServer): its answers against the churn sample's own pipeline,
/// under concurrency, and for bad requests.</summary>
public class PredictEndpointTests(ChurnModelFixture fixture, ITestOutputHelper output) : IClassFixture<ChurnModelFixture>
{
    [TelcoFact]
    public async Task Predict_BatchOfAllTestCustomers_ProbabilitiesEqualTheSamplePipeline()
    {
        using var client = fixture.Factory.CreateClient();
        var answers = new List<JsonElement>();
        foreach (var batch in fixture.Customers.Chunk(500))
        {
            var response = await client.PostAsync("/predict", Json(new JsonArray([.. batch.Select(c => c.DeepClone())])));
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            answers.AddRange((await response.Content.ReadFromJsonAsync<JsonElement[]>())!);
        }
        answers.Count.ShouldBe(fixture.Probabilities.Length);
        double worst = 0;
        for (int i = 0; i < answers.Count; i++)
        {
            float p = answers[i].GetProperty("churnProbability").GetSingle();
            worst = Math.Max(worst, Math.Abs(p - fixture.Probabilities[i]));
            answers[i].GetProperty("churn").GetBoolean().ShouldBe(p >= ChurnModelFixture.Threshold);
            answers[i].GetProperty("customerId").GetString().ShouldBe(fixture.Customers[i]["customerID"]!.GetValue<string>());
        }
        output.WriteLine($"service vs sample pipeline, {answers.Count} test customers: max |Δ probability| {worst:E2}");
        worst.ShouldBeLessThanOrEqualTo(1e-6);
        answers.Count(a => a.GetProperty("churn").GetBoolean()).ShouldBeInRange(1, answers.Count - 1);
    }

    [TelcoFact]
    public async Task Predict_EightThreadsFiveHundredRequestsEach_IdenticalAnswers()
    {
        using var client = fixture.Factory.CreateClient();
        var customers = fixture.Customers.Take(50).Select(c => c.ToJsonString()).ToArray();
        var expected = new string[customers.Length];
        for (int i = 0; i < customers.Length; i++) expected[i] = await Post(client, customers[i]);

        var latencies = new double[8][];
        var mismatches = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(async () =>
        {
            latencies[t] = new double[500];
            for (int r = 0; r < 500; r++)
            {
                int i = (t * 500 + r) % customers.Length;
                long start = Stopwatch.GetTimestamp();
                string answer = await Post(client, customers[i]);
                latencies[t][r] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                if (answer != expected[i]) Interlocked.Increment(ref mismatches);
            }
        })));
        mismatches.ShouldBe(0);
        var all = latencies.SelectMany(x => x).Order().ToArray();
        output.WriteLine($"8 threads x 500 requests, one customer each: p50 {all[all.Length / 2]:F3} ms, p99 {all[(int)(all.Length * 0.99)]:F3} ms " +
                         $"(in-process TestServer, load average {LoadAverage()})");
    }

    [TelcoFact]
    public async Task Predict_OneCustomerSequential_ReportsLatency()
    {
        using var client = fixture.Factory.CreateClient();
        string customer = fixture.Customers[0].ToJsonString();
        for (int i = 0; i < 200; i++) await Post(client, customer);
        var latencies = new double[2000];
        for (int i = 0; i < latencies.Length; i++)
        {
            long start = Stopwatch.GetTimestamp();
            await Post(client, customer);
            latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        Array.Sort(latencies);
        output.WriteLine($"one request at a time, one customer: p50 {latencies[1000]:F3} ms, p99 {latencies[1980]:F3} ms " +
                         $"(in-process TestServer, load average {LoadAverage()})");
        latencies[1000].ShouldBeLessThan(1000);
    }

    [TelcoTheory]
    [InlineData("tenure", null, "Field 'tenure' is missing in the customer.")]
    [InlineData("tenure", "\"twelve\"", "Field 'tenure' in the customer must be a finite number, not the string \"twelve\".")]
    [InlineData("Contract", "7", "Field 'Contract' in the customer must be a string, not the number 7.")]
    [InlineData("TotalCharges", "\"x\"", "Field 'TotalCharges' in the customer must be a finite number or null, not the string \"x\".")]
    public async Task Predict_BadField_400NamingTheField(string field, string? json, string message)
    {
        using var client = fixture.Factory.CreateClient();
        var customer = (JsonObject)fixture.Customers[0].DeepClone();
        if (json is null) customer.Remove(field);
        else customer[field] = JsonNode.Parse(json);
        var response = await client.PostAsync("/predict", Json(customer));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString().ShouldBe(message);
    }

    [TelcoFact]
    public async Task Predict_BadBodies_400WithMessage()
    {
        using var client = fixture.Factory.CreateClient();
        var bad = new Dictionary<string, string>
        {
            ["{ not json"] = "The body is not valid JSON",
            ["42"] = "The body must be a customer object or an array of them, not the number 42.",
            ["[]"] = "The array holds no customer.",
            [$"[{fixture.Customers[0].ToJsonString()}, 5]"] = "Item 1 must be a customer object, not the number 5.",
        };
        foreach (var (body, message) in bad)
        {
            var response = await client.PostAsync("/predict", new StringContent(body, Encoding.UTF8, "application/json"));
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, body);
            (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString()!.ShouldStartWith(message);
        }
    }

    [TelcoFact]
    public async Task Predict_UnknownCategory_AnsweredWithNote()
    {
        using var client = fixture.Factory.CreateClient();
        var customer = (JsonObject)fixture.Customers[0].DeepClone();
        customer["Contract"] = "Weekly";
        var response = await client.PostAsync("/predict", Json(customer));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var notes = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("notes").EnumerateArray().Select(n => n.GetString()).ToList();
        notes.ShouldHaveSingleItem().ShouldBe("Contract: unknown category 'Weekly' (the model knows 'Month-to-month', 'One year', 'Two year'); it counts as none of them.");
    }

    [TelcoFact]
    public async Task Predict_LongUnknownCategory_NoteQuotesItsStartOnly()
    {
        using var client = fixture.Factory.CreateClient();
        var customer = (JsonObject)fixture.Customers[0].DeepClone();
        customer["Contract"] = "Weekly" + new string('x', 100_000);
        var response = await client.PostAsync("/predict", Json(customer));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var notes = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("notes").EnumerateArray().Select(n => n.GetString()).ToList();
        notes.ShouldHaveSingleItem().ShouldBe($"Contract: unknown category 'Weekly{new string('x', 34)}…' (the model knows 'Month-to-month', 'One year', 'Two year'); it counts as none of them.");
    }

    [TelcoFact]
    public async Task Health_AfterStart_ReportsModelAndThreshold()
    {
        using var client = fixture.Factory.CreateClient();
        var health = await client.GetFromJsonAsync<JsonElement>("/health");
        health.GetProperty("status").GetString().ShouldBe("ok");
        health.GetProperty("threshold").GetSingle().ShouldBe(ChurnModelFixture.Threshold);
        health.GetProperty("model").GetString().ShouldBe(Path.GetFullPath(fixture.ModelPath));
    }

    internal static StringContent Json(JsonNode node) => new(node.ToJsonString(), Encoding.UTF8, "application/json");

    private static async Task<string> Post(HttpClient client, string body)
    {
        var response = await client.PostAsync("/predict", new StringContent(body, Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
}
