using FluentValidation;
using MimeKit;
using SafetyFlow.Web.Runtime;

namespace SafetyFlow.Web.Features.Delivery;

public enum SmtpSecurity
{
    /// <summary>Plain SMTP, no TLS.</summary>
    None,

    /// <summary>Plain connection upgraded with STARTTLS (usually port 587).</summary>
    StartTls,

    /// <summary>TLS from the first byte (SMTPS, usually port 465).</summary>
    Tls,
}

/// <summary>Settings under <c>SafetyFlow:Email</c>: email delivery through any SMTP server.</summary>
public sealed class EmailOptions
{
    public const string Section = "SafetyFlow:Email";

    public bool Enabled { get; set; }

    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    /// <summary>Signs in to the server when set.</summary>
    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>The sender, e.g. <c>SafetyFlow &lt;safety@example.com&gt;</c>.</summary>
    public string? From { get; set; }
}

internal sealed class EmailOptionsValidator : AbstractValidator<EmailOptions>
{
    public EmailOptionsValidator()
    {
        When(o => o.Enabled, () =>
        {
            RuleFor(o => o.Host).NotEmpty().WithName("SafetyFlow:Email:Host")
                .WithMessage("SafetyFlow:Email:Host is required when SafetyFlow:Email:Enabled is true.");
            RuleFor(o => o.From)
                .Must(from => from is not null && MailboxAddress.TryParse(from, out var address) && address.Address.Contains('@', StringComparison.Ordinal))
                .WithName("SafetyFlow:Email:From")
                .WithMessage(o => $"SafetyFlow:Email:From '{o.From}' must be an email address, e.g. SafetyFlow <safety@example.com>.");
            RuleFor(o => o.Password).NotEmpty().When(o => !string.IsNullOrEmpty(o.UserName)).WithName("SafetyFlow:Email:Password")
                .WithMessage("SafetyFlow:Email:Password is required when SafetyFlow:Email:UserName is set.");
        });
        RuleFor(o => o.Port).InclusiveBetween(1, 65535).WithName("SafetyFlow:Email:Port")
            .WithMessage(o => $"SafetyFlow:Email:Port {o.Port} must be from 1 to 65535.");
        RuleFor(o => o.Security).IsInEnum().WithName("SafetyFlow:Email:Security")
            .WithMessage("SafetyFlow:Email:Security must be None, StartTls or Tls.");
    }
}

/// <summary>One group robot or HTTP endpoint under <c>SafetyFlow:Webhooks:&lt;n&gt;</c>.</summary>
public sealed class WebhookEndpoint
{
    /// <summary>Unique name; deliveries and person preferences refer to the webhook by it.</summary>
    public string Name { get; set; } = "";

    public string Url { get; set; } = "";

    /// <summary><c>json</c> (SafetyFlow's event body), <c>wecom</c> or <c>dingtalk</c> (their group-robot messages).</summary>
    public string Format { get; set; } = WebhookFormats.Json;

    /// <summary>json: the HMAC-SHA256 key of <c>X-SafetyFlow-Signature</c>; dingtalk: the robot's signing secret.</summary>
    public string? Secret { get; set; }

    /// <summary>Notification kinds to post; empty means all.</summary>
    public List<string> Events { get; set; } = [];

    /// <summary>Unit keys whose findings (and their sub-units') go to this webhook; empty means every unit.</summary>
    public List<string> Units { get; set; } = [];

    /// <summary>The language of the messages posted to the group: <c>zh-CN</c> or <c>en</c>.</summary>
    public string Language { get; set; } = "zh-CN";
}

public static class WebhookFormats
{
    public const string Json = "json";
    public const string WeCom = "wecom";
    public const string DingTalk = "dingtalk";

    public static readonly IReadOnlyList<string> All = [Json, WeCom, DingTalk];
}

/// <summary>The list <c>SafetyFlow:Webhooks</c>.</summary>
public sealed class WebhookOptions
{
    public const string Section = "SafetyFlow";

    public List<WebhookEndpoint> Webhooks { get; set; } = [];

    public WebhookEndpoint? Find(string name) => Webhooks.FirstOrDefault(w => string.Equals(w.Name, name, StringComparison.OrdinalIgnoreCase));
}

internal sealed class WebhookOptionsValidator : AbstractValidator<WebhookOptions>
{
    public WebhookOptionsValidator()
    {
        RuleFor(o => o.Webhooks).Custom((webhooks, context) =>
        {
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < webhooks.Count; i++)
            {
                var hook = webhooks[i];
                var key = $"SafetyFlow:Webhooks:{i}";
                if (string.IsNullOrWhiteSpace(hook.Name) || hook.Name.Length > 64)
                {
                    context.AddFailure($"{key}:Name", $"{key}:Name is required (at most 64 characters).");
                }
                else if (!names.Add(hook.Name))
                {
                    context.AddFailure($"{key}:Name", $"{key}:Name '{hook.Name}' is used by another webhook.");
                }

                if (!Uri.TryCreate(hook.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
                {
                    context.AddFailure($"{key}:Url", $"{key}:Url '{hook.Url}' must be an absolute http or https URL.");
                }

                if (!WebhookFormats.All.Contains(hook.Format))
                {
                    context.AddFailure($"{key}:Format", $"{key}:Format '{hook.Format}' must be json, wecom or dingtalk.");
                }

                foreach (var kind in hook.Events.Where(e => !NotificationTexts.Kinds.Contains(e)))
                {
                    context.AddFailure($"{key}:Events", $"{key}:Events '{kind}' is not a notification kind ({string.Join(", ", NotificationTexts.Kinds)}).");
                }

                if (hook.Language is not ("zh-CN" or "en"))
                {
                    context.AddFailure($"{key}:Language", $"{key}:Language '{hook.Language}' must be zh-CN or en.");
                }
            }
        });
    }
}

/// <summary>Settings under <c>SafetyFlow:Delivery</c>: how the outbox is drained and failures retried.</summary>
public sealed class DeliveryOptions
{
    public const string Section = "SafetyFlow:Delivery";

    /// <summary>How often the outbox is drained (whole minutes, at most an hour).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Attempts before a delivery is parked as failed.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The wait after the first failure; each further wait is five times the one before (1, 5, 25, 125 minutes...).</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long one attempt may take before it is given up (and how long a claimed delivery stays claimed).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many outbox rows a drain pass claims and plans in one transaction, and how many due deliveries it claims.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>The wait before the attempt after <paramref name="attempts"/> failed ones, or null when the attempts are used up.</summary>
    public TimeSpan? RetryDelayAfter(int attempts) =>
        attempts >= MaxAttempts ? null : FirstRetryDelay * Math.Pow(5, Math.Min(attempts - 1, 8));
}

internal sealed class DeliveryOptionsValidator : AbstractValidator<DeliveryOptions>
{
    public DeliveryOptionsValidator()
    {
        RuleFor(o => o.Interval)
            .Must(i => i >= TimeSpan.FromMinutes(1) && i <= TimeSpan.FromHours(1) && i.Ticks % TimeSpan.TicksPerMinute == 0)
            .WithName("SafetyFlow:Delivery:Interval")
            .WithMessage("SafetyFlow:Delivery:Interval must be whole minutes from 00:01:00 to 01:00:00.");
        RuleFor(o => o.MaxAttempts).InclusiveBetween(1, 20).WithName("SafetyFlow:Delivery:MaxAttempts");
        RuleFor(o => o.FirstRetryDelay).InclusiveBetween(TimeSpan.FromSeconds(1), TimeSpan.FromDays(1)).WithName("SafetyFlow:Delivery:FirstRetryDelay");
        RuleFor(o => o.Timeout).InclusiveBetween(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10)).WithName("SafetyFlow:Delivery:Timeout");
        RuleFor(o => o.BatchSize).InclusiveBetween(1, 10_000).WithName("SafetyFlow:Delivery:BatchSize");
    }
}

/// <summary><c>SafetyFlow:PublicUrl</c>: where people open SafetyFlow, for the links in messages.</summary>
public sealed class LinkOptions
{
    public const string Section = "SafetyFlow";

    public string PublicUrl { get; set; } = "http://localhost:5000";

    public string Finding(Guid findingId) => $"{PublicUrl.TrimEnd('/')}/findings/{findingId}";

    public string Findings(string query) => $"{PublicUrl.TrimEnd('/')}/findings?{query}";
}

internal sealed class LinkOptionsValidator : AbstractValidator<LinkOptions>
{
    public LinkOptionsValidator()
    {
        RuleFor(o => o.PublicUrl)
            .Must(url => Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
            .WithName("SafetyFlow:PublicUrl")
            .WithMessage(o => $"SafetyFlow:PublicUrl '{o.PublicUrl}' must be an absolute http or https URL.");
    }
}

/// <summary>Settings under <c>SafetyFlow:Digests</c>: when the daily and weekly digests go out.</summary>
public sealed class DigestOptions
{
    public const string Section = "SafetyFlow:Digests";

    /// <summary>Cron, in the configured time zone, of each supervisor's daily digest.</summary>
    public string SupervisorCron { get; set; } = "0 8 * * *";

    /// <summary>Cron, in the configured time zone, of the safety office's weekly digest.</summary>
    public string SafetyOfficeCron { get; set; } = "0 8 * * 1";

    /// <summary>An open finding counts as due soon when its deadline is this close.</summary>
    public TimeSpan DueSoonWithin { get; set; } = TimeSpan.FromDays(2);
}

internal sealed class DigestOptionsValidator : AbstractValidator<DigestOptions>
{
    public DigestOptionsValidator()
    {
        RuleFor(o => o.SupervisorCron).Must(IsCron).WithName("SafetyFlow:Digests:SupervisorCron")
            .WithMessage(o => $"SafetyFlow:Digests:SupervisorCron '{o.SupervisorCron}' must be a five-field cron expression.");
        RuleFor(o => o.SafetyOfficeCron).Must(IsCron).WithName("SafetyFlow:Digests:SafetyOfficeCron")
            .WithMessage(o => $"SafetyFlow:Digests:SafetyOfficeCron '{o.SafetyOfficeCron}' must be a five-field cron expression.");
        RuleFor(o => o.DueSoonWithin).InclusiveBetween(TimeSpan.FromHours(1), TimeSpan.FromDays(30)).WithName("SafetyFlow:Digests:DueSoonWithin");
    }

    private static bool IsCron(string? cron) =>
        cron is not null && System.Text.RegularExpressions.Regex.IsMatch(cron, @"^\s*(\S+\s+){4}\S+\s*$");
}
