using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MLNet.Backprop.Tests.TestSupport;

namespace ChurnService.Tests;

/// <summary>Plausible bad values and broken text get a 400 naming the item and the field (they were 500s with an empty
/// body); extreme but valid amounts are answered with a note.</summary>
public class RequestValidationTests(ChurnModelFixture fixture) : IClassFixture<ChurnModelFixture>
{
    private static async Task<(HttpStatusCode Status, JsonElement Body)> Post(HttpClient client, byte[] body)
    {
        var response = await client.PostAsync("/predict", new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } });
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static byte[] Utf8(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString());

    [TelcoTheory]
    [InlineData("tenure", -3, "Field 'tenure' in the customer must be a number of months ≥ 0, not -3.")]
    [InlineData("TotalCharges", -2.5, "Field 'TotalCharges' in the customer must be an amount ≥ 0, or null when not billed yet, not -2.5.")]
    [InlineData("MonthlyCharges", -1, "Field 'MonthlyCharges' in the customer must be an amount ≥ 0, not -1.")]
    [InlineData("SeniorCitizen", 2, "Field 'SeniorCitizen' in the customer must be between 0 and 1 (0: no, 1: yes), not 2.")]
    public async Task Predict_NegativeOrOutOfRangeNumber_400NamingTheField(string field, double value, string message)
    {
        using var client = fixture.Factory.CreateClient();
        var customer = (JsonObject)fixture.Customers[0].DeepClone();
        customer[field] = value;
        var (status, body) = await Post(client, Utf8(customer));
        status.ShouldBe(HttpStatusCode.BadRequest);
        body.GetProperty("error").GetString().ShouldBe(message);
    }

    [TelcoFact]
    public async Task Predict_OneBadCustomerInABatch_400NamingTheItem()
    {
        using var client = fixture.Factory.CreateClient();
        var batch = new JsonArray([.. fixture.Customers.Take(4).Select(c => c.DeepClone())]);
        batch[2]!["tenure"] = -1;
        var (status, body) = await Post(client, Utf8(batch));
        status.ShouldBe(HttpStatusCode.BadRequest);
        body.GetProperty("error").GetString()!.ShouldStartWith("Field 'tenure' in item 2 must be");
    }

    [TelcoTheory]
    [InlineData("\"\\ud800\"")]                 // an escaped lone surrogate
    [InlineData("\"\\udfff and more\"")]
    public async Task Predict_LoneSurrogateInAString_400NamingTheField(string json)
    {
        using var client = fixture.Factory.CreateClient();
        string customer = fixture.Customers[0].ToJsonString().Replace("\"gender\":\"Female\"", $"\"gender\":{json}").Replace("\"gender\":\"Male\"", $"\"gender\":{json}");
        var (status, body) = await Post(client, Encoding.UTF8.GetBytes(customer));
        status.ShouldBe(HttpStatusCode.BadRequest);
        body.GetProperty("error").GetString().ShouldBe("Field 'gender' in the customer is not valid text (invalid UTF-8 or a lone surrogate).");
    }

    [TelcoFact]
    public async Task Predict_InvalidUtf8InAString_400()
    {
        using var client = fixture.Factory.CreateClient();
        var bytes = Utf8(fixture.Customers[0]).ToList();
        int at = Encoding.UTF8.GetString([.. bytes]).IndexOf("\"Contract\":\"", StringComparison.Ordinal) + "\"Contract\":\"".Length;
        bytes.InsertRange(at, new byte[] { 0xC3, 0x28, 0xFF }); // not UTF-8
        var (status, body) = await Post(client, [.. bytes]);
        status.ShouldBe(HttpStatusCode.BadRequest);
        body.GetProperty("error").GetString()!.ShouldNotBeNullOrWhiteSpace();
    }

    [TelcoTheory]
    [InlineData("5", "the number 5")]
    [InlineData("true", "the boolean true")]
    [InlineData("[\"1\"]", "an array")]
    public async Task Predict_CustomerIdNotAString_400NamingTheField(string json, string kind)
    {
        // Before: 200, the id silently dropped (customerId null), so a batch's answers lost the ids they are matched by.
        using var client = fixture.Factory.CreateClient();
        var customer = (JsonObject)fixture.Customers[0].DeepClone();
        customer["customerID"] = JsonNode.Parse(json);
        var (status, body) = await Post(client, Utf8(customer));
        status.ShouldBe(HttpStatusCode.BadRequest);
        body.GetProperty("error").GetString().ShouldBe($"Field 'customerID' in the customer must be a string (or left out), not {kind}.");
    }

    [TelcoFact]
    public async Task Predict_CustomerIdNullOrMissing_AnsweredWithoutAnId()
    {
        using var client = fixture.Factory.CreateClient();
        var customer = (JsonObject)fixture.Customers[0].DeepClone();
        customer["customerID"] = null;
        var (status, body) = await Post(client, Utf8(customer));
        status.ShouldBe(HttpStatusCode.OK);
        body.GetProperty("customerId").ValueKind.ShouldBe(JsonValueKind.Null);
        customer.Remove("customerID");
        (status, body) = await Post(client, Utf8(customer));
        status.ShouldBe(HttpStatusCode.OK);
        body.GetProperty("customerId").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [TelcoFact]
    public async Task Predict_BodyBeyondTheServersLimit_413SayingSo()
    {
        // A real Kestrel server (the test server enforces no body size): beyond MaxRequestBodySize (30 MB by default) the
        // body's read throws BadHttpRequestException. Before: the service's error handler answered 500 "The service failed
        // on this request" for the client's oversized body.
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.UseSetting("Model:Path", fixture.ModelPath));
        factory.UseKestrel(o =>
        {
            o.Limits.MaxRequestBodySize = 4096;
            o.Listen(IPAddress.Loopback, 0); // any free port: other test runs may share the machine
        });
        factory.StartServer();
        using var client = factory.CreateClient();
        var batch = new JsonArray([.. fixture.Customers.Take(20).Select(c => c.DeepClone())]);
        var (status, body) = await Post(client, Utf8(batch));
        status.ShouldBe(HttpStatusCode.RequestEntityTooLarge, $"{(int)status} {body}");
        body.GetProperty("error").GetString()!.ShouldContain("Request body too large");
        // A body within the limit is still answered.
        (status, _) = await Post(client, Utf8(fixture.Customers[0]));
        status.ShouldBe(HttpStatusCode.OK);
    }

    [TelcoFact]
    public async Task Predict_ExtremeTenure_AnsweredWithANote()
    {
        using var client = fixture.Factory.CreateClient();
        var customer = (JsonObject)fixture.Customers[0].DeepClone();
        customer["tenure"] = 1e30;
        var (status, body) = await Post(client, Utf8(customer));
        status.ShouldBe(HttpStatusCode.OK);
        float probability = body.GetProperty("churnProbability").GetSingle();
        probability.ShouldBeInRange(0f, 1f);
        body.GetProperty("notes").EnumerateArray().Select(n => n.GetString()!).ShouldContain(n => n.StartsWith("tenure: 1E+30 lies ") && n.EndsWith("the probability is an extrapolation."));
    }

    [Fact]
    public void ModelPath_RelativeFromASubfolder_FoundInAFolderAbove()
    {
        string root = Directory.CreateTempSubdirectory("model-path-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "churn-output"));
            string model = Path.Combine(root, "churn-output", "m.zip");
            File.WriteAllText(model, "");
            string project = Directory.CreateDirectory(Path.Combine(root, "samples", "ChurnService")).FullName;
            // The project folder is where dotnet run --project starts a web project.
            ModelPath.Resolve(Path.Combine("churn-output", "m.zip"), project).ShouldBe(model);
            var missing = Should.Throw<FileNotFoundException>(() => ModelPath.Resolve("nowhere/m.zip", project));
            missing.Message.ShouldContain(Path.Combine(project, "nowhere", "m.zip"));
            missing.Message.ShouldContain("run from the repository root");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
