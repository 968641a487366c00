using FluentValidation;

namespace SafetyFlow.Web.Infrastructure;

/// <summary>Settings under <c>SafetyFlow</c> that apply everywhere.</summary>
public sealed class CalendarOptions
{
    public const string Section = "SafetyFlow";

    /// <summary>The IANA or Windows time zone in which weeks, days and deadlines are counted.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";
}

internal sealed class CalendarOptionsValidator : AbstractValidator<CalendarOptions>
{
    public CalendarOptionsValidator()
    {
        RuleFor(o => o.TimeZone)
            .Must(zone => TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
            .WithName("SafetyFlow:TimeZone")
            .WithMessage(o => $"SafetyFlow:TimeZone '{o.TimeZone}' is not a time zone this machine knows (e.g. Asia/Shanghai).");
    }
}

/// <summary>Settings under <c>SafetyFlow:Reports</c>.</summary>
public sealed class ReportOptions
{
    public const string Section = "SafetyFlow:Reports";

    /// <summary>
    /// The font file with Chinese glyphs that PDF reports are drawn with: Noto Sans CJK from Debian's fonts-noto-cjk
    /// (a collection; its Simplified Chinese face is used) or any TrueType/OpenType font with CJK glyphs.
    /// </summary>
    public string CjkFont { get; set; } = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";

    /// <summary>
    /// How many overdue findings the monthly PDF lists, longest overdue first (0 to 10,000; default 50); the rest are
    /// counted in the heading and in an "and N more" line.
    /// </summary>
    public int PdfWorstCount { get; set; } = 50;
}

internal sealed class ReportOptionsValidator : AbstractValidator<ReportOptions>
{
    public ReportOptionsValidator()
    {
        RuleFor(o => o.CjkFont)
            .Must(path => !string.IsNullOrWhiteSpace(path) && Path.GetExtension(path).ToUpperInvariant() is ".TTC" or ".TTF" or ".OTF" or ".OTC")
            .WithName("SafetyFlow:Reports:CjkFont")
            .WithMessage("SafetyFlow:Reports:CjkFont must name a .ttc, .otc, .ttf or .otf font file.");
        RuleFor(o => o.PdfWorstCount)
            .InclusiveBetween(0, 10_000)
            .WithName("SafetyFlow:Reports:PdfWorstCount")
            .WithMessage("SafetyFlow:Reports:PdfWorstCount must be from 0 to 10000.");
    }
}

/// <summary>Settings under <c>SafetyFlow:Review</c>: the supervisor's queue.</summary>
public sealed class ReviewOptions
{
    public const string Section = "SafetyFlow:Review";

    /// <summary>
    /// How many fixes and how many extension requests the queue shows, due first (1 to 1,000; default 100); the rest
    /// are counted, with a link to them on the finding list.
    /// </summary>
    public int Shown { get; set; } = 100;
}

internal sealed class ReviewOptionsValidator : AbstractValidator<ReviewOptions>
{
    public ReviewOptionsValidator()
    {
        RuleFor(o => o.Shown)
            .InclusiveBetween(1, 1_000)
            .WithName("SafetyFlow:Review:Shown")
            .WithMessage("SafetyFlow:Review:Shown must be from 1 to 1000.");
    }
}

/// <summary>Settings under <c>SafetyFlow:Database</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "SafetyFlow:Database";

    /// <summary><c>Sqlite</c> (embedded default) or <c>Postgres</c>.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
}

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Settings under <c>SafetyFlow:Clock</c>.</summary>
public sealed class ClockOptions
{
    public const string Section = "SafetyFlow:Clock";

    /// <summary><c>System</c> (real time) or <c>Manual</c> (a simulation clock moved by <c>POST /api/admin/clock</c>).</summary>
    public ClockMode Mode { get; set; } = ClockMode.System;

    /// <summary>The manual clock's first instant; defaults to the moment of first start.</summary>
    public DateTimeOffset? Start { get; set; }
}

public enum ClockMode
{
    System,
    Manual,
}

/// <summary>Settings under <c>SafetyFlow:Workflows</c>.</summary>
public sealed class WorkflowOptions
{
    public const string Section = "SafetyFlow:Workflows";

    /// <summary>The folder of workflow definition files; relative paths are taken from the content root.</summary>
    public string Path { get; set; } = "workflows";

    /// <summary>How often the stored versions are read again, so a version another node stored comes into force here.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(5);
}

internal sealed class WorkflowOptionsValidator : AbstractValidator<WorkflowOptions>
{
    public WorkflowOptionsValidator()
    {
        RuleFor(o => o.Path).NotEmpty().WithName("SafetyFlow:Workflows:Path");
        RuleFor(o => o.RefreshInterval).InclusiveBetween(TimeSpan.FromSeconds(1), TimeSpan.FromHours(1)).WithName("SafetyFlow:Workflows:RefreshInterval");
    }
}

/// <summary>Settings under <c>SafetyFlow:Jobs</c>: the timers Hangfire runs.</summary>
public sealed class JobOptions
{
    public const string Section = "SafetyFlow:Jobs";

    /// <summary>How often the escalation sweep looks for due reminders and escalations.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Cron expression, in the configured time zone, for creating the weekly round.</summary>
    public string WeeklyRoundCron { get; set; } = "5 0 * * 1";

    /// <summary>Cron expression, in the configured time zone, for storing the previous month's zone ratings.</summary>
    public string ZoneRatingCron { get; set; } = "30 0 1 * *";

    /// <summary>Cron expression, in the configured time zone, for checking the trail and writing its signed checkpoint to the log.</summary>
    public string TrailCheckpointCron { get; set; } = "15 0 * * *";

    /// <summary>
    /// How many due findings one sweep pass claims and fires in one transaction. A batch that fails is rolled back
    /// whole and its steps are fired one at a time, so a larger batch costs more only when something goes wrong.
    /// </summary>
    public int SweepBatchSize { get; set; } = 500;

    /// <summary>How long the sweep waits before trying a failed step again; the wait doubles with each failure, up to a day.</summary>
    public TimeSpan StepRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a sweep or drain holds the due findings, outbox rows and deliveries it claimed (real time): other nodes
    /// take over the work of a node that died holding them once it has passed. Longer than one batch takes to work.
    /// </summary>
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(5);
}

internal sealed class JobOptionsValidator : AbstractValidator<JobOptions>
{
    public JobOptionsValidator()
    {
        RuleFor(o => o.SweepInterval)
            .Must(i => i >= TimeSpan.FromMinutes(1) && i <= TimeSpan.FromHours(1) && i.Ticks % TimeSpan.TicksPerMinute == 0)
            .WithName("SafetyFlow:Jobs:SweepInterval")
            .WithMessage("SafetyFlow:Jobs:SweepInterval must be whole minutes from 00:01:00 to 01:00:00.");
        RuleFor(o => o.WeeklyRoundCron)
            .Must(cron => cron is not null && System.Text.RegularExpressions.Regex.IsMatch(cron, @"^\s*(\S+\s+){4}\S+\s*$"))
            .WithName("SafetyFlow:Jobs:WeeklyRoundCron")
            .WithMessage("SafetyFlow:Jobs:WeeklyRoundCron must be a five-field cron expression.");
        RuleFor(o => o.ZoneRatingCron)
            .Must(cron => cron is not null && System.Text.RegularExpressions.Regex.IsMatch(cron, @"^\s*(\S+\s+){4}\S+\s*$"))
            .WithName("SafetyFlow:Jobs:ZoneRatingCron")
            .WithMessage("SafetyFlow:Jobs:ZoneRatingCron must be a five-field cron expression.");
        RuleFor(o => o.TrailCheckpointCron)
            .Must(cron => cron is not null && System.Text.RegularExpressions.Regex.IsMatch(cron, @"^\s*(\S+\s+){4}\S+\s*$"))
            .WithName("SafetyFlow:Jobs:TrailCheckpointCron")
            .WithMessage("SafetyFlow:Jobs:TrailCheckpointCron must be a five-field cron expression.");
        RuleFor(o => o.SweepBatchSize).InclusiveBetween(1, 10_000).WithName("SafetyFlow:Jobs:SweepBatchSize");
        RuleFor(o => o.StepRetryDelay).InclusiveBetween(TimeSpan.FromSeconds(1), TimeSpan.FromDays(1)).WithName("SafetyFlow:Jobs:StepRetryDelay");
        RuleFor(o => o.ClaimTimeout).InclusiveBetween(TimeSpan.FromSeconds(1), TimeSpan.FromHours(1)).WithName("SafetyFlow:Jobs:ClaimTimeout");
    }
}

/// <summary>Settings under <c>SafetyFlow:Demo</c>.</summary>
public sealed class DemoOptions
{
    public const string Section = "SafetyFlow:Demo";

    /// <summary>
    /// Load the demo organisation, whose people share a published password, into an empty database. Off unless asked
    /// for: on in the Development environment (<c>appsettings.Development.json</c>), with the <c>--demo</c> switch, or
    /// set explicitly (decision 013).
    /// </summary>
    public bool Enabled { get; set; }

    /// <summary>The demo organisation document, in the format <c>POST /api/org/import</c> takes.</summary>
    public string File { get; set; } = "demo/org.json";

    /// <summary>The password the first admin gets when the demo is on and no admin password is set; never logged.</summary>
    public string Password { get; set; } = "Demo!2026";

    /// <summary>The command line with <c>--demo</c> read as <c>SafetyFlow:Demo:Enabled=true</c>.</summary>
    public static string[] ExpandSwitch(string[] args) =>
        [.. (args ?? []).Select(arg => arg == "--demo" ? $"--{Section}:Enabled=true" : arg)];
}

/// <summary>Settings under <c>SafetyFlow:Bootstrap</c>: the first admin of an empty database.</summary>
public sealed class BootstrapOptions
{
    public const string Section = "SafetyFlow:Bootstrap";

    public string AdminUserName { get; set; } = "admin";

    /// <summary>Required when the database has no users and the demo is off.</summary>
    public string? AdminPassword { get; set; }
}

internal sealed class BootstrapOptionsValidator : AbstractValidator<BootstrapOptions>
{
    public BootstrapOptionsValidator()
    {
        RuleFor(o => o.AdminUserName).NotEmpty().Matches("^[A-Za-z0-9._@-]+$").WithName("SafetyFlow:Bootstrap:AdminUserName");
        RuleFor(o => o.AdminPassword).MinimumLength(8).When(o => !string.IsNullOrEmpty(o.AdminPassword)).WithName("SafetyFlow:Bootstrap:AdminPassword");
    }
}

/// <summary>Settings under <c>SafetyFlow:Auth</c>: API bearer tokens.</summary>
public sealed class AuthOptions
{
    public const string Section = "SafetyFlow:Auth";

    /// <summary>How long an access token is valid.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Base64 key (at least 32 bytes) that signs tokens. When empty, a key is generated once and kept in the database,
    /// so every node of one database shares it.
    /// </summary>
    public string? SigningKey { get; set; }
}

internal sealed class AuthOptionsValidator : AbstractValidator<AuthOptions>
{
    public AuthOptionsValidator()
    {
        RuleFor(o => o.TokenLifetime).InclusiveBetween(TimeSpan.FromMinutes(1), TimeSpan.FromDays(1)).WithName("SafetyFlow:Auth:TokenLifetime");
        RuleFor(o => o.SigningKey)
            .Must(key => IsLongBase64(key!))
            .When(o => !string.IsNullOrEmpty(o.SigningKey))
            .WithName("SafetyFlow:Auth:SigningKey")
            .WithMessage("SafetyFlow:Auth:SigningKey must be base64 of at least 32 bytes.");
    }

    private static bool IsLongBase64(string key)
    {
        var buffer = new byte[key.Length];
        return Convert.TryFromBase64String(key, buffer, out var written) && written >= 32;
    }
}

/// <summary>Settings under <c>SafetyFlow:Photos</c>: evidence photos, stored as files in a folder or in the database.</summary>
public sealed class PhotoOptions
{
    public const string Section = "SafetyFlow:Photos";

    /// <summary>
    /// Where photo bytes are kept: <see cref="PhotoStorage.Folder"/> (the default: <see cref="Path"/>, local to one node
    /// or a mount every node shares) or <see cref="PhotoStorage.Database"/> (a table of the SafetyFlow database, so every
    /// node on one database serves every photo).
    /// </summary>
    public PhotoStorage Store { get; set; } = PhotoStorage.Folder;

    /// <summary>The largest photo accepted, in bytes.</summary>
    public long MaxBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>The most pixels (width times height) a photo may have; checked from its header before it is decoded.</summary>
    public long MaxPixels { get; set; } = 50_000_000;

    /// <summary>
    /// The folder photos are written to with the folder store; a relative path is taken from the content root. With the
    /// database store, photos still only in this folder are copied into the database at start.
    /// </summary>
    public string Path { get; set; } = "data/photos";
}

/// <summary>Where photo bytes are kept (<c>SafetyFlow:Photos:Store</c>).</summary>
public enum PhotoStorage
{
    /// <summary>Files in the photo folder.</summary>
    Folder,

    /// <summary>The <c>PhotoContents</c> table of the SafetyFlow database.</summary>
    Database,
}

internal sealed class PhotoOptionsValidator : AbstractValidator<PhotoOptions>
{
    public PhotoOptionsValidator()
    {
        RuleFor(o => o.MaxBytes)
            .InclusiveBetween(16 * 1024, 50L * 1024 * 1024)
            .WithName("SafetyFlow:Photos:MaxBytes")
            .WithMessage("SafetyFlow:Photos:MaxBytes must be from 16384 (16 KB) to 52428800 (50 MB).");
        RuleFor(o => o.MaxPixels)
            .InclusiveBetween(1_000_000, 100_000_000)
            .WithName("SafetyFlow:Photos:MaxPixels")
            .WithMessage("SafetyFlow:Photos:MaxPixels must be from 1000000 to 100000000.");
        RuleFor(o => o.Path).NotEmpty().WithName("SafetyFlow:Photos:Path");
        RuleFor(o => o.Store)
            .IsInEnum()
            .WithName("SafetyFlow:Photos:Store")
            .WithMessage("SafetyFlow:Photos:Store must be Folder or Database.");
    }
}
