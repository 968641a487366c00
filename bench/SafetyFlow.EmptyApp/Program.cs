// The start-up goal's yardstick: an ASP.NET Core app with nothing in it (what `dotnet new web` makes), answering
// /health as SafetyFlow does, so bench/run.sh can time both from process start to the first 200 the same way.
var app = WebApplication.CreateBuilder(args).Build();
app.MapGet("/health", () => "Healthy");
app.Run();
