using SkiaSharp;

namespace SafetyFlow.BrowserTests.Support;

/// <summary>Small test pictures, made on the spot.</summary>
public static class Images
{
    public static byte[] Png(SKColor color, int size = 64)
    {
        using var bitmap = new SKBitmap(size, size);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(color);
            using var paint = new SKPaint { Color = SKColors.White };
            canvas.DrawCircle(size / 2f, size / 2f, size / 4f, paint);
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
