using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;

namespace SafetyFlow.Web.Infrastructure;

/// <summary>
/// The keys kept in the database, each sealed with the master key: the token signing key and the trail key, made once
/// and shared by every node, and the fingerprint of the master key they were sealed with. Loaded once at start-up: a
/// missing or wrong master key for a database that has keys stops start-up naming the setting, and never makes new keys.
/// </summary>
public sealed class KeyRing(
    MasterKey master,
    TrailKey trail,
    SigningKeys signing,
    IOptions<KeyOptions> options,
    IHostEnvironment environment,
    ILogger<KeyRing> logger)
{
    internal const string FingerprintSetting = "keys.master-fingerprint";
    internal const string SigningSetting = "keys.signing";
    internal const string TrailSetting = "keys.trail";

    public async Task LoadAsync(SafetyFlowDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var provider = db.Database.IsSqlite() ? DatabaseProvider.Sqlite : DatabaseProvider.Postgres;
        var path = MasterKey.PathFor(options.Value, db.Database.GetConnectionString(), provider, environment.ContentRootPath);
        var stored = await StoredAsync(db, cancellationToken);
        if (!stored.TryGetValue(FingerprintSetting, out var fingerprint))
        {
            if (await db.FindingTransitions.AnyAsync(t => t.Seal != "", cancellationToken) || await db.TrailCheckpoints.AnyAsync(cancellationToken))
            {
                throw KeyRefusals.Of("the trail in this database is sealed, but the keys it was sealed with are gone from it. " +
                    "Restore the database from a backup together with its master key file; no new keys were made.");
            }

            master.Load(path, createIfMissing: true);
            if (master.Created)
            {
                logger.LogWarning("Created the master key file {Path}: back it up apart from the database; without it the database's keys cannot be opened", path);
            }

            stored = await CreateAsync(db, cancellationToken);
            fingerprint = stored[FingerprintSetting];
        }
        else
        {
            if (!File.Exists(path))
            {
                throw KeyRefusals.Of($"this database's keys are sealed with a master key, and there is no key file at {path}. " +
                    "Restore the key file from its backup, or name it in this setting; no new keys were made.");
            }

            master.Load(path, createIfMissing: false);
        }

        if (master.Fingerprint != fingerprint)
        {
            stored = await RotateAsync(db, stored, fingerprint, cancellationToken);
        }

        signing.Use(master.Decrypt(Convert.FromBase64String(stored[SigningSetting]), SigningSetting));
        trail.Use(master.Decrypt(Convert.FromBase64String(stored[TrailSetting]), TrailSetting));
    }

    private static async Task<Dictionary<string, string>> StoredAsync(SafetyFlowDbContext db, CancellationToken cancellationToken) =>
        await db.SystemSettings.AsNoTracking()
            .Where(s => s.Key == FingerprintSetting || s.Key == SigningSetting || s.Key == TrailSetting)
            .ToDictionaryAsync(s => s.Key, s => s.Value, StringComparer.Ordinal, cancellationToken);

    private async Task<Dictionary<string, string>> CreateAsync(SafetyFlowDbContext db, CancellationToken cancellationToken)
    {
        db.SystemSettings.AddRange(
            new SystemSetting { Key = FingerprintSetting, Value = master.Fingerprint },
            new SystemSetting { Key = SigningSetting, Value = Seal(RandomNumberGenerator.GetBytes(64), SigningSetting) },
            new SystemSetting { Key = TrailSetting, Value = Seal(RandomNumberGenerator.GetBytes(32), TrailSetting) });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another node made them first: use those, if this node has the same master key (checked by the caller).
            db.ChangeTracker.Clear();
        }

        return await StoredAsync(db, cancellationToken);
    }

    private string Seal(byte[] key, string setting) => Convert.ToBase64String(master.Encrypt(key, setting));

    /// <summary>
    /// The master key differs from the one the keys were sealed with: allowed only while rotating, when the previous key
    /// file is named and opens them. Every key the database holds is then re-sealed with the new master key at once.
    /// </summary>
    private async Task<Dictionary<string, string>> RotateAsync(
        SafetyFlowDbContext db, Dictionary<string, string> stored, string fingerprint, CancellationToken cancellationToken)
    {
        var previousFile = options.Value.PreviousMasterKeyFile;
        var previous = string.IsNullOrWhiteSpace(previousFile) ? null : MasterKey.Read(Path.GetFullPath(previousFile, environment.ContentRootPath));
        if (previous is null || MasterKey.FingerprintOf(previous) != fingerprint)
        {
            throw KeyRefusals.Of($"the master key in {master.Path} is not the one this database's keys are sealed with. " +
                "Name the right key file in this setting (while rotating, the old one in SafetyFlow:Keys:PreviousMasterKeyFile); no new keys were made.");
        }

        var settings = await db.SystemSettings.Where(s => s.Key == FingerprintSetting || s.Key == SigningSetting || s.Key == TrailSetting).ToListAsync(cancellationToken);
        foreach (var setting in settings)
        {
            setting.Value = setting.Key == FingerprintSetting
                ? master.Fingerprint
                : Seal(MasterKey.Decrypt(previous, Convert.FromBase64String(setting.Value), setting.Key), setting.Key);
        }

        foreach (var key in await db.DataProtectionKeys.ToListAsync(cancellationToken))
        {
            key.Xml = MasterKeyXmlDecryptor.Reseal(key.Xml, previous, master);
        }

        await db.SaveChangesAsync(cancellationToken);
        logger.LogWarning("Re-sealed the database's keys with the master key {Path}; SafetyFlow:Keys:PreviousMasterKeyFile may now be removed", master.Path);
        return settings.ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);
    }
}

/// <summary>Seals each Data Protection key's XML with the master key (AES-256-GCM) before it is written to the database.</summary>
internal sealed class MasterKeyXmlEncryptor(MasterKey master) : IXmlEncryptor
{
    public const string Purpose = "data-protection-key";

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        ArgumentNullException.ThrowIfNull(plaintextElement);
        var plaintext = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        return new EncryptedXmlInfo(MasterKeyXmlDecryptor.Element(master.Encrypt(plaintext, Purpose)), typeof(MasterKeyXmlDecryptor));
    }
}

/// <summary>Opens a Data Protection key sealed by <see cref="MasterKeyXmlEncryptor"/>; created by Data Protection with the app's services.</summary>
internal sealed class MasterKeyXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    private const string ElementName = "sealedWithMasterKey";

    public XElement Decrypt(XElement encryptedElement)
    {
        ArgumentNullException.ThrowIfNull(encryptedElement);
        var master = services.GetRequiredService<MasterKey>();
        var plaintext = master.Decrypt(Value(encryptedElement), MasterKeyXmlEncryptor.Purpose);
        return XElement.Parse(Encoding.UTF8.GetString(plaintext));
    }

    internal static XElement Element(byte[] sealedBytes) =>
        new(ElementName,
            new XComment(" sealed with the master key named by SafetyFlow:Keys:MasterKeyFile "),
            new XElement("value", Convert.ToBase64String(sealedBytes)));

    private static byte[] Value(XElement element) =>
        Convert.FromBase64String(element.Element("value")?.Value ?? throw new CryptographicException("The key has no sealed value."));

    /// <summary>The key's XML with its sealed secret opened with the previous master key and sealed again with the new one.</summary>
    internal static string? Reseal(string? xml, byte[] previous, MasterKey next)
    {
        if (xml is null)
        {
            return null;
        }

        var document = XElement.Parse(xml);
        foreach (var element in document.Descendants().Where(e => e.Name.LocalName == ElementName).ToList())
        {
            var plaintext = MasterKey.Decrypt(previous, Value(element), MasterKeyXmlEncryptor.Purpose);
            element.ReplaceWith(Element(next.Encrypt(plaintext, MasterKeyXmlEncryptor.Purpose)));
        }

        return document.ToString(SaveOptions.DisableFormatting);
    }
}
