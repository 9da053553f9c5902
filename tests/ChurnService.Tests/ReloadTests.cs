using System.Net.Http.Json;
using System.Text.Json;
using ChurnPrediction.Modeling;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.ML;
using MLNet.Backprop.Tests.TestSupport;

namespace ChurnService.Tests;

/// <summary>The service picks up a new model file (and threshold) written over the old one, without a restart.</summary>
public class ReloadTests(ChurnModelFixture fixture) : IClassFixture<ChurnModelFixture>
{
    [TelcoFact]
    public async Task ModelFileReplaced_ServiceReloadsAndScoresWithTheNewModel()
    {
        string dir = Directory.CreateTempSubdirectory("churn-reload-").FullName;
        try
        {
            string path = Path.Combine(dir, ServingExport.ModelFileName);
            File.Copy(fixture.ModelPath, path);
            File.Copy(Path.ChangeExtension(fixture.ModelPath, ".json"), Path.ChangeExtension(path, ".json"));
            using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.UseSetting("Model:Path", path));
            using var client = factory.CreateClient();
            var customer = PredictEndpointTests.Json(fixture.Customers[0]);
            float before = (await (await client.PostAsync("/predict", customer)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("churnProbability").GetSingle();

            var ml = new MLContext(seed: 0);
            var other = ChurnModelFixture.Train(ml, fixture.Split, seed: 7);
            ServingExport.Save(ml, other, fixture.Split.Train.Schema, 0.6f, dir);
            float expected = ml.Data.CreateEnumerable<ScoredCustomer>(other.Transform(fixture.Split.Test), reuseRowObject: false).First().Probability;

            JsonElement health = default;
            for (int i = 0; i < 100; i++)
            {
                health = await client.GetFromJsonAsync<JsonElement>("/health");
                if (health.GetProperty("reloads").GetInt32() > 0 && health.GetProperty("threshold").GetSingle() == 0.6f) break;
                await Task.Delay(100);
            }
            health.GetProperty("reloads").GetInt32().ShouldBeGreaterThan(0);
            health.GetProperty("lastReloadError").ValueKind.ShouldBe(JsonValueKind.Null);
            var after = await (await client.PostAsync("/predict", PredictEndpointTests.Json(fixture.Customers[0]))).Content.ReadFromJsonAsync<JsonElement>();
            after.GetProperty("threshold").GetSingle().ShouldBe(0.6f);
            after.GetProperty("churnProbability").GetSingle().ShouldBe(expected, 1e-6f);
            expected.ShouldNotBe(before);
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }
}
