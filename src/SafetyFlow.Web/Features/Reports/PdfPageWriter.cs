using SkiaSharp;

namespace SafetyFlow.Web.Features.Reports;

/// <summary>Writes lines down an A4 page with a margin, and starts a new page when one is full.</summary>
internal sealed class PdfPageWriter : IDisposable
{
    public const float PageWidth = 595;
    public const float PageHeight = 842;
    public const float Margin = 48;

    private readonly SKDocument _document;
    private readonly SKTypeface _typeface;
    private readonly SKPaint _paint = new() { IsAntialias = true };

    public PdfPageWriter(SKDocument document, SKTypeface typeface)
    {
        _document = document;
        _typeface = typeface;
        Canvas = document.BeginPage(PageWidth, PageHeight);
        Y = Margin;
    }

    public SKCanvas Canvas { get; private set; }

    public float Y { get; set; }

    public void Heading(string text)
    {
        EnsureSpace(40);
        Gap(4);
        Text(text, 13, bold: true);
    }

    public void Text(string text, float size, bool bold = false, SKColor? color = null)
    {
        EnsureSpace(size * 1.6f);
        Y += size * 1.5f;
        using var font = new SKFont(_typeface, size) { Embolden = bold };
        _paint.Color = color ?? SKColors.Black;
        Draw(text, Margin, Y, SKTextAlign.Left, font);
    }

    public void TextAt(string text, float x, float y, float size, SKTextAlign align)
    {
        using var font = new SKFont(_typeface, size);
        _paint.Color = SKColors.Black;
        Draw(text, x, y, align, font);
    }

    /// <summary>The text, cut short with an ellipsis when it is wider than <paramref name="width"/>.</summary>
    public string Fit(string text, float size, float width)
    {
        using var font = new SKFont(_typeface, size);
        if (font.MeasureText(text) <= width)
        {
            return text;
        }

        var cut = text;
        while (cut.Length > 1 && font.MeasureText(cut + "…") > width)
        {
            cut = cut[..^1];
        }

        return cut + "…";
    }

    public void Gap(float points) => Y += points;

    /// <summary>
    /// Draws the text as a run that carries its characters and their clusters. A CJK font shares some glyphs between a
    /// character and its radical (食 and ⻝, 月 and ⽉); with the characters attached, the PDF records the ones written,
    /// so copied or extracted text reads as drawn.
    /// </summary>
    private void Draw(string text, float x, float y, SKTextAlign align, SKFont font)
    {
        var glyphs = font.GetGlyphs(text);
        if (glyphs.Length == 0)
        {
            return;
        }

        var utf8 = System.Text.Encoding.UTF8.GetBytes(text);
        var clusters = new uint[glyphs.Length];
        var offset = 0;
        var index = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (index < clusters.Length)
            {
                clusters[index++] = (uint)offset;
            }

            offset += rune.Utf8SequenceLength;
        }

        var width = font.MeasureText(text);
        var left = align switch
        {
            SKTextAlign.Center => x - (width / 2),
            SKTextAlign.Right => x - width,
            _ => x,
        };
        using var builder = new SKTextBlobBuilder();
        var run = builder.AllocateTextRun(font, glyphs.Length, left, y, utf8.Length);
        run.SetGlyphs(glyphs);
        run.SetText(utf8);
        run.SetClusters(clusters);
        using var blob = builder.Build();
        Canvas.DrawText(blob, 0, 0, _paint);
    }

    public void EnsureSpace(float points)
    {
        if (Y + points <= PageHeight - Margin)
        {
            return;
        }

        _document.EndPage();
        Canvas = _document.BeginPage(PageWidth, PageHeight);
        Y = Margin;
    }

    public void Dispose()
    {
        _document.EndPage();
        _paint.Dispose();
    }
}
