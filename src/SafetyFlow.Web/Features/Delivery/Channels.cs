using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Text;

namespace SafetyFlow.Web.Features.Delivery;

/// <summary>A send that did not go through, with what the receiver said.</summary>
public sealed class DeliveryFailedException(string message) : Exception(message);

/// <summary>Sends mail through the configured SMTP server with MailKit.</summary>
public sealed class EmailChannel(IOptions<EmailOptions> options)
{
    public async Task SendAsync(string to, DeliveryMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var settings = options.Value;
        if (!settings.Enabled)
        {
            throw new DeliveryFailedException("Email delivery is turned off (SafetyFlow:Email:Enabled).");
        }

        using var mail = new MimeMessage();
        mail.From.Add(MailboxAddress.Parse(settings.From ?? ""));
        mail.To.Add(MailboxAddress.Parse(to));
        mail.Subject = Subject(message);
        mail.Date = message.At;

        // The same delivery always has the same Message-Id, so a server or client that sees it twice can tell.
        mail.MessageId = $"{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(message.IdempotencyKey)))[..32]}@safetyflow";
        mail.Headers.Add("X-SafetyFlow-Delivery", message.IdempotencyKey);
        mail.Headers.Add("X-SafetyFlow-Event", message.Kind);
        var text = new TextPart(TextFormat.Plain) { Text = message.Body() };
        text.Headers.Add(HeaderId.ContentLanguage, message.Language);
        mail.Body = text;

        using var smtp = new SmtpClient();
        await smtp.ConnectAsync(settings.Host ?? "", settings.Port, Security(settings.Security), cancellationToken);
        if (!string.IsNullOrEmpty(settings.UserName))
        {
            await smtp.AuthenticateAsync(settings.UserName, settings.Password ?? "", cancellationToken);
        }

        await smtp.SendAsync(mail, cancellationToken);
        await smtp.DisconnectAsync(quit: true, cancellationToken);
    }

    private static string Subject(DeliveryMessage message) => $"[SafetyFlow] {message.Title}";

    private static SecureSocketOptions Security(SmtpSecurity security) => security switch
    {
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.Tls => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.None,
    };

    internal static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}

/// <summary>Posts to webhooks: SafetyFlow's signed JSON event, or a WeCom or DingTalk group-robot message.</summary>
public sealed class WebhookChannel(IHttpClientFactory clients)
{
    public const string ClientName = "webhooks";
    public const string SignatureHeader = "X-SafetyFlow-Signature";
    public const string DeliveryHeader = "X-SafetyFlow-Delivery";
    public const string EventHeader = "X-SafetyFlow-Event";

    public async Task SendAsync(WebhookEndpoint hook, DeliveryMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hook);
        ArgumentNullException.ThrowIfNull(message);
        var body = hook.Format switch
        {
            WebhookFormats.WeCom => JsonSerializer.SerializeToUtf8Bytes(RobotMessages.WeCom(message)),
            WebhookFormats.DingTalk => JsonSerializer.SerializeToUtf8Bytes(RobotMessages.DingTalk(message)),
            _ => JsonSerializer.SerializeToUtf8Bytes(WebhookEvent.From(message), JsonSerializerOptions.Web),
        };
        var url = hook.Format == WebhookFormats.DingTalk && !string.IsNullOrEmpty(hook.Secret)
            ? RobotMessages.SignDingTalkUrl(hook.Url, hook.Secret, TimeProvider.System.GetUtcNow())
            : hook.Url;

        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(DeliveryHeader, message.IdempotencyKey);
        request.Headers.Add(EventHeader, message.Kind);
        if (hook.Format == WebhookFormats.Json && !string.IsNullOrEmpty(hook.Secret))
        {
            request.Headers.Add(SignatureHeader, Sign(hook.Secret, body));
        }

        using var response = await clients.CreateClient(ClientName).SendAsync(request, cancellationToken);
        var answer = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new DeliveryFailedException($"{hook.Name} answered HTTP {(int)response.StatusCode}: {Shorten(answer)}");
        }

        // Both robots answer 200 with an error code in the body when they refuse a message.
        if (hook.Format is WebhookFormats.WeCom or WebhookFormats.DingTalk && RobotMessages.ErrorCode(answer) is { } code && code != 0)
        {
            throw new DeliveryFailedException($"{hook.Name} refused the message (errcode {code}): {Shorten(answer)}");
        }
    }

    /// <summary><c>sha256=</c> and the lower-case hex HMAC-SHA256 of the raw body.</summary>
    public static string Sign(string secret, byte[] body) =>
        "sha256=" + EmailChannel.Hex(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    private static string Shorten(string text) => text.Length > 300 ? text[..300] : text;
}

/// <summary>The body of a <c>json</c> webhook: one SafetyFlow event.</summary>
public sealed record WebhookEvent(
    string Id,
    string Kind,
    DateTimeOffset At,
    string Language,
    string Title,
    string Text,
    string Link,
    WebhookFinding? Finding)
{
    public static WebhookEvent From(DeliveryMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var f = message.Finding;
        return new WebhookEvent(
            message.IdempotencyKey,
            message.Kind,
            message.At,
            message.Language,
            message.Title,
            message.Text,
            message.Link,
            f is null ? null : new WebhookFinding(f.Id, f.Item, f.Severity, f.Zone, f.Asset, f.Owner, f.State, f.DueAt, f.Overdue, f.EscalationLevel, f.Link) { StateTitle = f.StateTitle });
    }
}

public sealed record WebhookFinding(
    Guid Id,
    string Item,
    string Severity,
    string Zone,
    string? Asset,
    string Owner,
    string State,
    DateTimeOffset DueAt,
    bool Overdue,
    int EscalationLevel,
    string Link)
{
    /// <summary>The state's title in the event's language; <see cref="State"/> stays the lifecycle's name.</summary>
    public string StateTitle { get; init; } = State;
}

/// <summary>The group-robot message formats of WeCom (企业微信) and DingTalk (钉钉).</summary>
internal static class RobotMessages
{
    public static object WeCom(DeliveryMessage message) => new Dictionary<string, object>
    {
        ["msgtype"] = "markdown",
        ["markdown"] = new Dictionary<string, string> { ["content"] = Markdown(message) },
    };

    public static object DingTalk(DeliveryMessage message) => new Dictionary<string, object>
    {
        ["msgtype"] = "markdown",
        ["markdown"] = new Dictionary<string, string> { ["title"] = message.Title, ["text"] = Markdown(message) },
    };

    /// <summary>
    /// DingTalk's signed URL: HMAC-SHA256 of <c>timestamp + "\n" + secret</c> keyed by the secret, base64, URL-encoded.
    /// The timestamp is real time in milliseconds, since DingTalk refuses one more than an hour off its own clock.
    /// </summary>
    public static string SignDingTalkUrl(string url, string secret, DateTimeOffset now)
    {
        var timestamp = now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var signature = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}\n{secret}")));
        var separator = url.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        return $"{url}{separator}timestamp={timestamp}&sign={Uri.EscapeDataString(signature)}";
    }

    public static int? ErrorCode(string answer)
    {
        try
        {
            using var json = JsonDocument.Parse(answer);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("errcode", out var code) && code.TryGetInt32(out var value)
                ? value
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Markdown(DeliveryMessage message)
    {
        string Label(string key) => Infrastructure.Ui.Text(key, message.Language);
        var text = new StringBuilder().AppendLine(CultureInfo.InvariantCulture, $"### {message.Title}").AppendLine().AppendLine(message.Text).AppendLine();
        if (message.Finding is { } f)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {Label("message.where")}: {f.Place}");
            text.AppendLine(CultureInfo.InvariantCulture, $"- {Label("message.who")}: {f.Owner}");
            text.AppendLine(CultureInfo.InvariantCulture, $"- {Label("message.state")}: {f.StateTitle}");
            text.AppendLine(CultureInfo.InvariantCulture, $"- {Label("message.deadline")}: {f.DueAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}{f.OverdueText}");
            text.AppendLine();
        }

        text.Append(CultureInfo.InvariantCulture, $"[{Label("message.openDetails")}]({message.Link})");
        return text.ToString();
    }
}
