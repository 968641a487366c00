using System.Buffers.Binary;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SafetyFlow.Web.Features.Photos;
using SafetyFlow.Web.Infrastructure;
using SkiaSharp;

namespace SafetyFlow.UnitTests.Features.Photos;

public sealed class PhotoStoreTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "safetyflow-photo-tests", Guid.NewGuid().ToString("N"));
    private readonly PhotoStore _store;

    public PhotoStoreTests() =>
        _store = new PhotoStore(Options.Create(new PhotoOptions { Path = _folder }), new Environment(_folder));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_small_file_claiming_a_huge_image_is_refused_before_it_is_decoded()
    {
        // A hundred bytes of PNG whose header claims 40,000 x 40,000 pixels (6.4 GB once decoded).
        var bomb = PngHeaderOnly(40_000, 40_000);
        Assert.True(bomb.Length < 120);

        var refused = await Assert.ThrowsAsync<PhotoRefusedException>(() => _store.SaveAsync(Upload(bomb), DateTimeOffset.UnixEpoch, CancellationToken.None));
        Assert.Equal("photo.tooManyPixels", refused.TextKey);
        Assert.False(Directory.Exists(_folder) && Directory.EnumerateFiles(_folder, "*", SearchOption.AllDirectories).Any());
    }

    [Fact]
    public async Task A_phone_camera_photo_is_kept_at_1600_pixels_on_its_longest_side()
    {
        using var bitmap = new SKBitmap(4000, 3000);
        bitmap.Erase(SKColors.OrangeRed);
        using var jpeg = bitmap.Encode(SKEncodedImageFormat.Jpeg, 80);

        var stored = await _store.SaveAsync(Upload(jpeg.ToArray()), DateTimeOffset.UnixEpoch, CancellationToken.None);

        using var kept = SKBitmap.Decode(_store.FullPath(stored.FilePath));
        Assert.Equal((1600, 1200), (kept.Width, kept.Height));
        using var thumbnail = SKBitmap.Decode(_store.FullPath(stored.ThumbnailPath));
        Assert.Equal(320, thumbnail.Width);
    }

    [Fact]
    public async Task The_database_store_keeps_the_same_checked_copy_and_writes_no_file()
    {
        var database = new PhotoStore(Options.Create(new PhotoOptions { Path = _folder, Store = PhotoStorage.Database }), new Environment(_folder));
        using var bitmap = new SKBitmap(4000, 3000);
        bitmap.Erase(SKColors.OrangeRed);
        using var jpeg = bitmap.Encode(SKEncodedImageFormat.Jpeg, 80);

        var stored = await database.SaveAsync(Upload(jpeg.ToArray()), DateTimeOffset.UnixEpoch, CancellationToken.None);
        var onDisk = await _store.SaveAsync(Upload(jpeg.ToArray()), DateTimeOffset.UnixEpoch, CancellationToken.None);

        Assert.NotNull(stored.Content);
        Assert.Equal(stored.Id, stored.Content.PhotoId);
        Assert.Equal(await File.ReadAllBytesAsync(_store.FullPath(onDisk.FilePath)), stored.Content.Image);
        Assert.Equal(await File.ReadAllBytesAsync(_store.FullPath(onDisk.ThumbnailPath)), stored.Content.Thumbnail);
        Assert.Equal(onDisk.Size, stored.Size);
        Assert.Equal(2, Directory.EnumerateFiles(_folder, "*", SearchOption.AllDirectories).Count());
        var refused = await Assert.ThrowsAsync<PhotoRefusedException>(() => database.SaveAsync(Upload("not a photo"u8.ToArray()), DateTimeOffset.UnixEpoch, CancellationToken.None));
        Assert.Equal("photo.notImage", refused.TextKey);
    }

    [Fact]
    public void A_store_that_is_neither_folder_nor_database_stops_the_app_naming_the_setting()
    {
        var result = new PhotoOptionsValidator().Validate(new PhotoOptions { Store = (PhotoStorage)7 });

        Assert.Equal("SafetyFlow:Photos:Store must be Folder or Database.", Assert.Single(result.Errors).ErrorMessage);
        Assert.True(new PhotoOptionsValidator().Validate(new PhotoOptions { Store = PhotoStorage.Database }).IsValid);
    }

    private static FormFile Upload(byte[] bytes) =>
        new(new MemoryStream(bytes), 0, bytes.Length, "photo", "photo.jpg") { Headers = new HeaderDictionary(), ContentType = "image/jpeg" };

    /// <summary>A PNG signature, a valid IHDR chunk, a few compressed bytes of pixel data and the end chunk.</summary>
    private static byte[] PngHeaderOnly(int width, int height)
    {
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 2; // truecolour
        using var compressed = new MemoryStream();
        using (var zlib = new System.IO.Compression.ZLibStream(compressed, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(new byte[64]);
        }

        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. Chunk("IHDR", header), .. Chunk("IDAT", compressed.ToArray()), .. Chunk("IEND", [])];
    }

    private static byte[] Chunk(string type, byte[] data)
    {
        var typeBytes = Encoding.ASCII.GetBytes(type);
        var chunk = new byte[4 + 4 + data.Length + 4];
        BinaryPrimitives.WriteInt32BigEndian(chunk, data.Length);
        typeBytes.CopyTo(chunk, 4);
        data.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32([.. typeBytes, .. data]));
        return chunk;
    }

    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }

    private sealed class Environment(string root) : Microsoft.AspNetCore.Hosting.IWebHostEnvironment
    {
        public string WebRootPath { get; set; } = root;

        public IFileProvider WebRootFileProvider { get; set; } = new NullFileProvider();

        public string ApplicationName { get; set; } = "SafetyFlow";

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();

        public string ContentRootPath { get; set; } = root;

        public string EnvironmentName { get; set; } = Environments.Development;
    }
}
