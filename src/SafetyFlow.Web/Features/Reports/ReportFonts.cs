using Microsoft.Extensions.Options;
using SafetyFlow.Web.Infrastructure;
using SkiaSharp;

namespace SafetyFlow.Web.Features.Reports;

/// <summary>The CJK typeface PDF reports are drawn with, loaded once from <see cref="ReportOptions.CjkFont"/>.</summary>
public sealed class ReportFonts(IOptions<ReportOptions> options) : IDisposable
{
    private readonly Lazy<SKTypeface?> _typeface = new(() => Load(options.Value.CjkFont));

    public string Path => options.Value.CjkFont;

    /// <summary>The typeface, or null when the font file is missing or unreadable.</summary>
    public SKTypeface? Typeface => _typeface.Value;

    public string MissingMessage =>
        $"The Chinese font for PDF reports was not found at '{Path}' (SafetyFlow:Reports:CjkFont). "
        + "Install Debian's fonts-noto-cjk (apt-get install fonts-noto-cjk) or point the setting at a font with Chinese glyphs.";

    public void Dispose()
    {
        if (_typeface.IsValueCreated)
        {
            _typeface.Value?.Dispose();
        }
    }

    private static SKTypeface? Load(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        // A collection holds one face per region; Simplified Chinese is the one whose family ends in SC.
        SKTypeface? first = null;
        for (var index = 0; index < 16; index++)
        {
            var face = SKTypeface.FromFile(path, index);
            if (face is null)
            {
                break;
            }

            if (face.FamilyName.EndsWith(" SC", StringComparison.Ordinal))
            {
                first?.Dispose();
                return face;
            }

            if (first is null)
            {
                first = face;
            }
            else
            {
                face.Dispose();
            }
        }

        return first;
    }
}
