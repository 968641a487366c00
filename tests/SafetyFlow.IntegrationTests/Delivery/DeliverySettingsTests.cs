using SafetyFlow.IntegrationTests.Support;

namespace SafetyFlow.IntegrationTests.Delivery;

/// <summary>A bad delivery setting stops start-up with a message that names it.</summary>
public sealed class DeliverySettingsTests
{
    [Theory]
    [InlineData("SafetyFlow:Email:Enabled=true;SafetyFlow:Email:From=safety@example.test", "SafetyFlow:Email:Host")]
    [InlineData("SafetyFlow:Email:Enabled=true;SafetyFlow:Email:Host=127.0.0.1;SafetyFlow:Email:From=nobody", "SafetyFlow:Email:From")]
    [InlineData("SafetyFlow:Email:Port=70000", "SafetyFlow:Email:Port")]
    [InlineData("SafetyFlow:Webhooks:0:Name=a;SafetyFlow:Webhooks:0:Url=not-a-url", "SafetyFlow:Webhooks:0:Url")]
    [InlineData("SafetyFlow:Webhooks:0:Name=a;SafetyFlow:Webhooks:0:Url=http://127.0.0.1/;SafetyFlow:Webhooks:0:Format=xml", "SafetyFlow:Webhooks:0:Format")]
    [InlineData("SafetyFlow:Webhooks:0:Name=a;SafetyFlow:Webhooks:0:Url=http://127.0.0.1/;SafetyFlow:Webhooks:0:Events:0=finding.lost", "SafetyFlow:Webhooks:0:Events")]
    [InlineData("SafetyFlow:PublicUrl=/findings", "SafetyFlow:PublicUrl")]
    [InlineData("SafetyFlow:Digests:SupervisorCron=daily", "SafetyFlow:Digests:SupervisorCron")]
    [InlineData("SafetyFlow:Delivery:MaxAttempts=0", "SafetyFlow:Delivery:MaxAttempts")]
    [InlineData("SafetyFlow:Review:Shown=0", "SafetyFlow:Review:Shown")]
    public async Task A_bad_setting_stops_start_up_naming_the_key(string settings, string key)
    {
        var environment = settings.Split(';')
            .Select(s => s.Split('=', 2))
            .ToDictionary(s => s[0].Replace(":", "__", StringComparison.Ordinal), s => s[1]);

        var (exitCode, message) = await AppProcess.RunToExitAsync(environment);

        Assert.Equal(1, exitCode);
        Assert.Contains(key, message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", message, StringComparison.Ordinal);
    }
}
