using SkiaSharp;

namespace SafetyFlow.Web.Features.Reports;

/// <summary>
/// What every page of a report carries: <paramref name="Header"/> at its top (what the report covers and when it was
/// made) and <paramref name="PageOf"/> at its foot, given the page's number and the number of pages ("page 2 of 5").
/// </summary>
internal sealed record PdfPageFrame(string Header, Func<int, int, string> PageOf);

/// <summary>
/// Writes lines down an A4 page with a margin, and starts a new page when one is full. With a <see cref="PdfPageFrame"/>,
/// each page gets its header and its page number in the margins, which the lines never reach.
/// </summary>
internal sealed class PdfPageWriter : IDisposable
{
    public const float PageWidth = 595;
    public const float PageHeight = 842;
    public const float Margin = 48;

    private readonly SKDocument _document;
    private readonly SKTypeface _typeface;
    private readonly PdfPageFrame? _frame;
    private readonly int _totalPages;
    private readonly SKPaint _paint = new() { IsAntialias = true };

    public PdfPageWriter(SKDocument document, SKTypeface typeface, PdfPageFrame? frame = null, int totalPages = 0)
    {
        _document = document;
        _typeface = typeface;
        _frame = frame;
        _totalPages = totalPages;
        Canvas = BeginPage();
    }

    public SKCanvas Canvas { get; private set; }

    public float Y { get; set; }

    /// <summary>The pages begun so far.</summary>
    public int Pages { get; private set; }

    /// <summary>
    /// A framed document: drawn once to count its pages, then again with "page n of m" on each, so the count is known
    /// on the first page. The drawing is the same both times; only the numbers in the foot differ.
    /// </summary>
    public static byte[] Write(SKTypeface typeface, SKDocumentPdfMetadata metadata, PdfPageFrame frame, Action<PdfPageWriter> draw)
    {
        ArgumentNullException.ThrowIfNull(draw);
        var pages = Pass(Stream.Null, typeface, metadata, frame, draw, totalPages: 0);
        using var stream = new MemoryStream();
        Pass(stream, typeface, metadata, frame, draw, pages);
        return stream.ToArray();
    }

    private static int Pass(Stream stream, SKTypeface typeface, SKDocumentPdfMetadata metadata, PdfPageFrame frame, Action<PdfPageWriter> draw, int totalPages)
    {
        using var document = SKDocument.CreatePdf(stream, metadata);
        int pages;
        using (var page = new PdfPageWriter(document, typeface, frame, totalPages))
        {
            draw(page);
            pages = page.Pages;
        }

        document.Close();
        return pages;
    }

    public void Heading(string text)
    {
        EnsureSpace(40);
        Gap(4);
        Text(text, 13, bold: true);
    }

    public void Text(string text, float size, bool bold = false, SKColor? color = null, float indent = 0)
    {
        EnsureSpace(size * 1.6f);
        Y += size * 1.5f;
        using var font = new SKFont(_typeface, size) { Embolden = bold };
        _paint.Color = color ?? SKColors.Black;
        Draw(text, Margin + indent, Y, SKTextAlign.Left, font);
    }

    /// <summary>The text over as many lines as it needs within the margins (less <paramref name="indent"/>).</summary>
    public void Paragraph(string text, float size, bool bold = false, SKColor? color = null, float indent = 0)
    {
        foreach (var line in Wrap(text, size, PageWidth - (2 * Margin) - indent))
        {
            Text(line, size, bold, color, indent);
        }
    }

    public void TextAt(string text, float x, float y, float size, SKTextAlign align, SKColor? color = null)
    {
        using var font = new SKFont(_typeface, size);
        _paint.Color = color ?? SKColors.Black;
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

    /// <summary>
    /// The text broken into lines no wider than <paramref name="width"/>: at a space where the line has one (English),
    /// between characters otherwise (Chinese), and at every line break of its own.
    /// </summary>
    public IReadOnlyList<string> Wrap(string text, float size, float width)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var font = new SKFont(_typeface, size);
        var lines = new List<string>();
        foreach (var paragraph in text.ReplaceLineEndings("\n").Split('\n'))
        {
            var rest = paragraph;
            while (rest.Length > 1 && font.MeasureText(rest) > width)
            {
                var (low, high) = (1, rest.Length);
                while (low < high)
                {
                    var middle = (low + high + 1) / 2;
                    if (font.MeasureText(rest[..middle]) <= width)
                    {
                        low = middle;
                    }
                    else
                    {
                        high = middle - 1;
                    }
                }

                var cut = low;
                if (cut > 1 && char.IsHighSurrogate(rest[cut - 1]))
                {
                    cut--;
                }

                var space = rest.LastIndexOf(' ', cut - 1, cut);
                if (space > 0 && rest[cut] != ' ')
                {
                    cut = space;
                }

                lines.Add(rest[..cut].TrimEnd());
                rest = rest[cut..].TrimStart();
            }

            lines.Add(rest);
        }

        return lines;
    }

    public void Gap(float points) => Y += points;

    /// <summary>A link over the area, which PDF readers open when it is clicked.</summary>
    public void Link(SKRect area, string url)
    {
        using var annotation = Canvas.DrawUrlAnnotation(area, url);
    }

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

        EndPage();
        Canvas = BeginPage();
    }

    public void Dispose()
    {
        EndPage();
        _paint.Dispose();
    }

    private SKCanvas BeginPage()
    {
        var canvas = _document.BeginPage(PageWidth, PageHeight);
        Pages++;
        Y = Margin;
        if (_frame is not null)
        {
            Canvas = canvas;
            TextAt(Fit(_frame.Header, 8, PageWidth - (2 * Margin)), Margin, Margin - 20, 8, SKTextAlign.Left, SKColors.Gray);
            using var rule = new SKPaint { Color = SKColors.LightGray, StrokeWidth = 0.6f, IsAntialias = true };
            canvas.DrawLine(Margin, Margin - 14, PageWidth - Margin, Margin - 14, rule);
        }

        return canvas;
    }

    private void EndPage()
    {
        if (_frame is not null)
        {
            // The first of the two passes does not know the count yet; what it draws here is thrown away.
            TextAt(_frame.PageOf(Pages, Math.Max(_totalPages, Pages)), PageWidth / 2, PageHeight - Margin + 28, 8, SKTextAlign.Center, SKColors.Gray);
        }

        _document.EndPage();
    }
}
