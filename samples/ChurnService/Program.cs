using System.Text.Json;
using ChurnService;

// Churn predictions over HTTP from the model the churn sample saves in ML.NET's own format:
//   dotnet run --project samples/ChurnPrediction -c Release          (writes churn-output/churn-model.mlnet.zip)
//   dotnet run --project samples/ChurnService -c Release -- --Model:Path churn-output/churn-model.mlnet.zip
var builder = WebApplication.CreateBuilder(args);
string modelPath = builder.Configuration["Model:Path"] ?? Path.Combine("churn-output", "churn-model.mlnet.zip");
float? threshold = builder.Configuration.GetValue<float?>("Model:Threshold");
int maxBatch = builder.Configuration.GetValue("Model:MaxBatch", 1000);
// Checked at start-up: 0 or less would refuse every array request ("at most 0 per request") while /health said "ok".
if (maxBatch < 1)
    throw new ArgumentOutOfRangeException("Model:MaxBatch", maxBatch, $"Model:MaxBatch is {maxBatch}; it must be at least 1 (customers per request; 1000 when left out).");
builder.Services.AddSingleton(sp => new ModelHost(modelPath, threshold, sp.GetRequiredService<ILogger<ModelHost>>()));

var app = builder.Build();
app.Services.GetRequiredService<ModelHost>(); // load (and fail) at start-up, not on the first request
// Whatever a request runs into answers with a message, never an empty 500 (the log has the details).
app.UseExceptionHandler(error => error.Run(context =>
{
    context.Response.StatusCode = StatusCodes.Status500InternalServerError;
    return context.Response.WriteAsJsonAsync(new ErrorResponse("The service failed on this request; its log says why."));
}));

app.MapPost("/predict", async (HttpRequest request, ModelHost host) =>
{
    JsonDocument body;
    try
    {
        body = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
    }
    catch (JsonException e)
    {
        return Results.BadRequest(new ErrorResponse($"The body is not valid JSON: {e.Message}"));
    }
    catch (BadHttpRequestException e)
    {
        // The server refused the body while it was read (beyond Kestrel's MaxRequestBodySize, or cut short): the client's
        // problem, with the server's status (413, 400) and reason, not the error handler's 500.
        return Results.Json(new ErrorResponse($"The body could not be read: {e.Message}"), statusCode: e.StatusCode);
    }
    using (body)
    {
        var (customers, error) = CustomerParser.Parse(body.RootElement, maxBatch);
        if (error is not null) return Results.BadRequest(new ErrorResponse(error));
        var model = host.Current;
        var engine = model.Engines.Get();
        try
        {
            bool array = body.RootElement.ValueKind == JsonValueKind.Array;
            var predictions = new List<ChurnPrediction>(customers.Count);
            for (int i = 0; i < customers.Count; i++)
            {
                var (prediction, failure) = Predictor.Predict(model, engine, customers[i].Id, customers[i].Customer, array ? $"item {i}" : "the customer");
                if (failure is not null) return Results.BadRequest(new ErrorResponse(failure));
                predictions.Add(prediction!);
            }
            return array ? Results.Ok(predictions) : Results.Ok(predictions[0]);
        }
        finally
        {
            model.Engines.Return(engine);
        }
    }
});

app.MapGet("/health", (ModelHost host) => Results.Ok(new
{
    status = "ok",
    model = host.Current.Path,
    loadedAt = host.Current.LoadedAt,
    threshold = host.Current.Threshold,
    reloads = host.Reloads,
    lastReloadError = host.LastReloadError,
}));

app.Run();

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
