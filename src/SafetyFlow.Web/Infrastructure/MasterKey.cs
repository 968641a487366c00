using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace SafetyFlow.Web.Infrastructure;

/// <summary>Settings under <c>SafetyFlow:Keys</c>: the master key that protects every key kept in the database.</summary>
public sealed class KeyOptions
{
    public const string Section = "SafetyFlow:Keys";

    /// <summary>
    /// The master key file: 32 random bytes in base64. Empty: <c>master.key</c> in the data folder (beside the SQLite
    /// file), created on first start with owner-only permissions. Every node of one database names the same key.
    /// </summary>
    public string? MasterKeyFile { get; set; }

    /// <summary>The master key being replaced, while rotating: the keys in the database are re-sealed with the new one at start.</summary>
    public string? PreviousMasterKeyFile { get; set; }
}

/// <summary>
/// The master key: read from its file at start-up and never written to the database. It seals (AES-256-GCM) the token
/// signing key, the trail key and the Data Protection keys that the database holds, so a copy of the database alone
/// opens none of them.
/// </summary>
public sealed class MasterKey
{
    private const byte Format = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private byte[]? _key;

    /// <summary>Where the key was read from.</summary>
    public string Path { get; private set; } = "";

    /// <summary>Whether the key file was created by this start.</summary>
    public bool Created { get; private set; }

    internal bool Loaded => _key is not null;

    private byte[] Key => _key ?? throw new InvalidOperationException("The master key is read at start-up.");

    /// <summary>A check value that tells whether a key is the one the database's keys were sealed with, and reveals nothing of it.</summary>
    public string Fingerprint => FingerprintOf(Key);

    internal static string FingerprintOf(byte[] key) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, "safetyflow master key fingerprint"u8));

    /// <summary>Reads the key file; when <paramref name="createIfMissing"/>, a missing one is created (owner-only on Unix).</summary>
    internal void Load(string path, bool createIfMissing)
    {
        Path = path;
        if (!File.Exists(path) && createIfMissing)
        {
            Created = Create(path);
        }

        _key = Read(path);
    }

    internal void Use(byte[] key, string path)
    {
        _key = key;
        Path = path;
    }

    public byte[] Encrypt(ReadOnlySpan<byte> plaintext, string purpose) => Encrypt(Key, plaintext, purpose);

    public byte[] Decrypt(ReadOnlySpan<byte> sealedBytes, string purpose) => Decrypt(Key, sealedBytes, purpose);

    /// <summary>Format byte, nonce, tag, ciphertext; the purpose is bound as associated data, so a value sealed for one use opens for no other.</summary>
    internal static byte[] Encrypt(byte[] key, ReadOnlySpan<byte> plaintext, string purpose)
    {
        var output = new byte[1 + NonceSize + TagSize + plaintext.Length];
        output[0] = Format;
        var nonce = output.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plaintext, output.AsSpan(1 + NonceSize + TagSize), output.AsSpan(1 + NonceSize, TagSize), Encoding.UTF8.GetBytes(purpose));
        return output;
    }

    internal static byte[] Decrypt(byte[] key, ReadOnlySpan<byte> sealedBytes, string purpose)
    {
        if (sealedBytes.Length < 1 + NonceSize + TagSize || sealedBytes[0] != Format)
        {
            throw new CryptographicException("The value was not sealed with a master key.");
        }

        var plaintext = new byte[sealedBytes.Length - 1 - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(
            sealedBytes.Slice(1, NonceSize),
            sealedBytes[(1 + NonceSize + TagSize)..],
            sealedBytes.Slice(1 + NonceSize, TagSize),
            plaintext,
            Encoding.UTF8.GetBytes(purpose));
        return plaintext;
    }

    internal static byte[] Read(string path)
    {
        if (!File.Exists(path))
        {
            throw KeyRefusals.Of($"there is no master key file at {path}.");
        }

        var buffer = new byte[64];
        var text = File.ReadAllText(path).Trim();
        if (!Convert.TryFromBase64String(text, buffer, out var written) || written != 32)
        {
            throw KeyRefusals.Of($"{path} must hold 32 random bytes in base64 (for example from `openssl rand -base64 32`).");
        }

        return buffer[..32];
    }

    /// <summary>Writes a new key beside the path and moves it in place, so two processes starting at once agree on one key.</summary>
    private static bool Create(string path)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(temporary, Encoding.ASCII, options))
        {
            writer.WriteLine(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        }

        try
        {
            File.Move(temporary, path, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
            return false;
        }
    }

    /// <summary>The configured key file, or <c>master.key</c> in the data folder: beside the SQLite file, or <c>data/</c> under the content root.</summary>
    internal static string PathFor(KeyOptions options, string? connectionString, DatabaseProvider provider, string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(options.MasterKeyFile))
        {
            return System.IO.Path.GetFullPath(options.MasterKeyFile, contentRoot);
        }

        var folder = System.IO.Path.Combine(contentRoot, "data");
        if (provider == DatabaseProvider.Sqlite && connectionString is not null
            && new SqliteConnectionStringBuilder(connectionString).DataSource is { Length: > 0 } file && file != ":memory:")
        {
            folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(file, contentRoot)) ?? folder;
        }

        return System.IO.Path.Combine(folder, "master.key");
    }
}

/// <summary>Registers the master key and the keys it protects.</summary>
internal static class KeyComposition
{
    public static IServiceCollection AddKeys(this IServiceCollection services)
    {
        services.AddOptions<KeyOptions>().BindConfiguration(KeyOptions.Section);
        services.AddSingleton<MasterKey>();
        services.AddSingleton<Domain.TrailKey>();
        services.AddSingleton<KeyRing>();
        return services;
    }

    /// <summary>Data Protection keys are written sealed with the master key (<see cref="MasterKeyXmlEncryptor"/>).</summary>
    public static Microsoft.AspNetCore.DataProtection.IDataProtectionBuilder ProtectKeysWithMasterKey(this Microsoft.AspNetCore.DataProtection.IDataProtectionBuilder builder)
    {
        builder.Services.AddOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>()
            .Configure<MasterKey>((options, key) => options.XmlEncryptor = new MasterKeyXmlEncryptor(key));
        return builder;
    }
}

/// <summary>Why start-up stops over the keys; shown as a setting failure naming <c>SafetyFlow:Keys:MasterKeyFile</c>.</summary>
internal static class KeyRefusals
{
    public static OptionsValidationException Of(string message) =>
        new(KeyOptions.Section, typeof(KeyOptions), [$"SafetyFlow:Keys:MasterKeyFile: {message}"]);
}
