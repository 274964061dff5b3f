using System.Buffers.Binary;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using A = DocumentFormat.OpenXml.Drawing;
using DW = DocumentFormat.OpenXml.Drawing.Wordprocessing;
using MdTable = Markdig.Extensions.Tables.Table;
using MdTableCell = Markdig.Extensions.Tables.TableCell;
using MdTableRow = Markdig.Extensions.Tables.TableRow;
using PIC = DocumentFormat.OpenXml.Drawing.Pictures;

namespace Hotline.Jobs.Render;

/// <summary>
/// A report's Markdown as a Word document (DocumentFormat.OpenXml), so staff can edit a brief or a 督办单 before it
/// is sent: headings, paragraphs, lists, notes, tables and the charts embedded, A4 with the margins and type of a
/// government document (title in 小标宋, headings in 黑体 and 楷体, body in 仿宋; SimSun and SimHei stand in where
/// those fonts are missing). Markdown is the one source, so the DOCX says exactly what the HTML and Markdown say.
/// </summary>
public static class DocxReport
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables()
        .UseEmphasisExtras().Build();

    /// <summary>Text width of A4 with 2.8 cm / 2.6 cm side margins, in EMU (1 cm = 360,000 EMU).</summary>
    private const long TextWidthEmu = 5_616_000; // 15.6 cm
    private const string Body = "仿宋_GB2312";
    private const string Title = "方正小标宋简体";
    private const string Heading1 = "黑体";
    private const string Heading2 = "楷体_GB2312";

    public static byte[] Render(string title, string markdown, IReadOnlyDictionary<string, byte[]> images)
    {
        using var stream = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            doc.PackageProperties.Title = title;
            doc.PackageProperties.Creator = "Hotline.Analytics";
            var main = doc.AddMainDocumentPart();
            AddStyles(main);
            var body = new DocumentFormat.OpenXml.Wordprocessing.Body();
            var writer = new Writer(main, body, images);
            foreach (var block in Markdown.Parse(markdown, Pipeline)) writer.Block(block, quote: false);
            body.Append(new SectionProperties(
                new PageSize { Width = 11906U, Height = 16838U },
                new PageMargin
                {
                    Top = 2098, Bottom = 1984, Left = 1588U, Right = 1474U, Header = 851U, Footer = 992U,
                    Gutter = 0U
                }));
            main.Document = new Document(body);
            main.Document.Save();
        }
        return stream.ToArray();
    }

    private sealed class Writer(MainDocumentPart main, OpenXmlCompositeElement body,
        IReadOnlyDictionary<string, byte[]> images)
    {
        private uint _pictures;
        /// <summary>Before the first section heading: the masthead (期号, issuing office, date), centred.</summary>
        private bool _masthead = true;

        public void Block(Block block, bool quote)
        {
            switch (block)
            {
                case HeadingBlock h:
                    if (h.Level >= 2) _masthead = false;
                    body.Append(Paragraph(h.Level switch { 1 => "ReportTitle", 2 => "Heading1", _ => "Heading2" },
                        Runs(h.Inline)));
                    break;
                case ParagraphBlock p when ImageOnly(p) is { } image:
                    if (Picture(image) is { } picture) body.Append(picture);
                    break;
                case ParagraphBlock p:
                    // Only short lines before the first section heading are masthead (期号, office and date); a
                    // letter's body there (a 督办单's) is body text.
                    var inlines = Runs(p.Inline);
                    var masthead = _masthead && string.Concat(inlines.Select(r => r.InnerText)).Length <= 40;
                    body.Append(Paragraph(quote ? "Note" : masthead ? "Masthead" : "BodyText", inlines));
                    break;
                case QuoteBlock q:
                    foreach (var child in q) Block(child, quote: true);
                    break;
                case ListBlock list:
                    var n = 0;
                    foreach (var item in list.OfType<ListItemBlock>())
                    {
                        n++;
                        var first = true;
                        foreach (var child in item)
                        {
                            if (child is ParagraphBlock lp)
                            {
                                var runs = Runs(lp.Inline);
                                if (first) runs.Insert(0, Run(list.IsOrdered ? $"{n}. " : "· ", false));
                                body.Append(Paragraph(quote ? "Note" : "ListItem", runs));
                            }
                            else Block(child, quote);
                            first = false;
                        }
                    }
                    break;
                case MdTable t:
                    body.Append(Table(t));
                    body.Append(new Paragraph());
                    break;
                case ThematicBreakBlock:
                    // A rule between parts (one 督办单 per unit) starts a new page.
                    body.Append(new Paragraph(new Run(new Break { Type = BreakValues.Page })));
                    _masthead = true;
                    break;
                case LeafBlock leaf when leaf.Lines.Count > 0:
                    body.Append(Paragraph(null, [Run(leaf.Lines.ToString(), false)]));
                    break;
                case ContainerBlock container:
                    foreach (var child in container) Block(child, quote);
                    break;
            }
        }

        private static LinkInline? ImageOnly(ParagraphBlock p) =>
            p.Inline?.FirstChild is LinkInline { IsImage: true } link && link.NextSibling is null ? link : null;

        private static Paragraph Paragraph(string? style, IEnumerable<OpenXmlElement> runs)
        {
            var p = new Paragraph();
            if (style is not null) p.Append(new ParagraphProperties(new ParagraphStyleId { Val = style }));
            p.Append(runs);
            return p;
        }

        private static List<OpenXmlElement> Runs(ContainerInline? inline)
        {
            var runs = new List<OpenXmlElement>();
            if (inline is not null) Inlines(inline, bold: false, runs);
            return runs;
        }

        private static void Inlines(ContainerInline container, bool bold, List<OpenXmlElement> runs)
        {
            foreach (var inline in container)
                switch (inline)
                {
                    case LiteralInline l: runs.Add(Run(l.Content.ToString(), bold)); break;
                    case CodeInline c: runs.Add(Run(c.Content, bold)); break;
                    case LineBreakInline: runs.Add(new Run(new Break())); break;
                    case EmphasisInline e: Inlines(e, bold || e.DelimiterCount >= 2, runs); break;
                    case LinkInline { IsImage: true } img: runs.Add(Run($"〔图：{Text(img)}〕", bold)); break;
                    case ContainerInline c: Inlines(c, bold, runs); break;
                    case HtmlEntityInline h: runs.Add(Run(h.Transcoded.ToString(), bold)); break;
                }
        }

        /// <summary>The width of a table cell's text in half-width characters (a Chinese character counts
        /// two).</summary>
        private static int Length(MdTableCell cell) => cell.OfType<ParagraphBlock>()
            .Sum(p => p.Inline is null ? 0 : Text(p.Inline).Sum(ch => ch >= '\u2E80' ? 2 : 1));

        private static string Text(ContainerInline c) =>
            string.Concat(c.Descendants<LiteralInline>().Select(l => l.Content.ToString()));

        private static Run Run(string text, bool bold)
        {
            var run = new Run();
            if (bold) run.Append(new RunProperties(new Bold()));
            run.Append(new Text(text) { Space = SpaceProcessingModeValues.Preserve });
            return run;
        }

        private DocumentFormat.OpenXml.Wordprocessing.Table Table(MdTable t)
        {
            var rows = t.OfType<MdTableRow>().ToList();
            var columns = rows.Count == 0 ? 1 : rows.Max(r => r.Count);
            var table = new DocumentFormat.OpenXml.Wordprocessing.Table();
            var border = () => new[]
            {
                (OpenXmlElement)new TopBorder { Val = BorderValues.Single, Size = 4 },
                new LeftBorder { Val = BorderValues.Single, Size = 4 },
                new BottomBorder { Val = BorderValues.Single, Size = 4 },
                new RightBorder { Val = BorderValues.Single, Size = 4 },
                new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 },
                new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 },
            };
            table.Append(new TableProperties(new TableStyle { Val = "ReportTable" },
                new TableWidth { Type = TableWidthUnitValues.Pct, Width = "5000" },
                new TableBorders(border()), new TableLayout { Type = TableLayoutValues.Fixed }));
            // Columns as wide as their longest text (within 6–40 half-width characters), so ids and dates do not
            // wrap while a summary column takes the room.
            var weights = Enumerable.Range(0, columns).Select(i => (double)Math.Clamp(rows.Max(r =>
                r.OfType<MdTableCell>().ElementAtOrDefault(i) is { } c ? Length(c) : 0), 6, 40)).ToArray();
            var grid = new TableGrid();
            foreach (var w in weights)
                grid.Append(new GridColumn
                {
                    Width = ((int)(8845 * w / weights.Sum())).ToString(CultureInfo.InvariantCulture),
                });
            table.Append(grid);
            foreach (var row in rows)
            {
                var tr = new DocumentFormat.OpenXml.Wordprocessing.TableRow();
                if (row.IsHeader) tr.Append(new TableRowProperties(new TableHeader()));
                var cells = row.OfType<MdTableCell>().ToList();
                for (var i = 0; i < columns; i++)
                {
                    var runs = new List<OpenXmlElement>();
                    if (i < cells.Count)
                        foreach (var p in cells[i].OfType<ParagraphBlock>())
                        {
                            if (runs.Count > 0) runs.Add(new Run(new Break()));
                            runs.AddRange(Runs(p.Inline));
                        }
                    if (row.IsHeader)
                        foreach (var r in runs.OfType<Run>()) r.PrependChild(new RunProperties(new Bold()));
                    tr.Append(new DocumentFormat.OpenXml.Wordprocessing.TableCell(Paragraph("TableText", runs)));
                }
                table.Append(tr);
            }
            return table;
        }

        /// <summary>A chart the report names (its PNG), as an inline picture scaled to the text width.</summary>
        private Paragraph? Picture(LinkInline image)
        {
            if (image.Url is not { } name || !images.TryGetValue(name, out var png) || png.Length < 24) return null;
            // Fixed relationship ids: the same report gives the same document (the SDK's default ids are random).
            var part = main.AddImagePart(ImagePartType.Png, $"rIdChart{_pictures + 1}");
            using (var s = new MemoryStream(png)) part.FeedData(s);
            var id = main.GetIdOfPart(part);
            // PNG IHDR: width and height, big-endian, at bytes 16 and 20.
            var w = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(16, 4));
            var h = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(20, 4));
            var cx = TextWidthEmu;
            var cy = (long)(cx * (h / (double)Math.Max(1, w)));
            var n = ++_pictures;
            var graphic = new A.Graphic(new A.GraphicData(new PIC.Picture(
                new PIC.NonVisualPictureProperties(new PIC.NonVisualDrawingProperties { Id = n, Name = name },
                    new PIC.NonVisualPictureDrawingProperties()),
                new PIC.BlipFill(new A.Blip { Embed = id }, new A.Stretch(new A.FillRectangle())),
                new PIC.ShapeProperties(new A.Transform2D(new A.Offset { X = 0, Y = 0 },
                    new A.Extents { Cx = cx, Cy = cy }), new A.PresetGeometry(new A.AdjustValueList())
                    { Preset = A.ShapeTypeValues.Rectangle })))
            { Uri = "http://schemas.openxmlformats.org/drawingml/2006/picture" });
            var inline = new DW.Inline(new DW.Extent { Cx = cx, Cy = cy },
                new DW.EffectExtent { LeftEdge = 0, TopEdge = 0, RightEdge = 0, BottomEdge = 0 },
                new DW.DocProperties { Id = n, Name = $"图 {n}", Description = Text(image) },
                new DW.NonVisualGraphicFrameDrawingProperties(new A.GraphicFrameLocks { NoChangeAspect = true }),
                graphic)
            {
                DistanceFromTop = 0U, DistanceFromBottom = 0U, DistanceFromLeft = 0U, DistanceFromRight = 0U,
            };
            return new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = "Figure" }),
                new Run(new Drawing(inline)));
        }
    }

    /// <summary>The styles: sizes in half-points (三号 16 pt = 32, 小二 18 pt = 36, 五号 10.5 pt = 21).</summary>
    private static void AddStyles(MainDocumentPart main)
    {
        Style ParagraphStyle(string id, string name, string font, string fallback, int halfPoints, bool bold = false,
            JustificationValues? justify = null, int? firstLineChars = null, int before = 0, int after = 0,
            bool keepNext = false, int line = 360)
        {
            var run = new StyleRunProperties(new RunFonts
            {
                EastAsia = font, Ascii = fallback, HighAnsi = fallback, ComplexScript = fallback,
            });
            if (bold) run.Append(new Bold());
            run.Append(new FontSize { Val = halfPoints.ToString(CultureInfo.InvariantCulture) });
            var para = new StyleParagraphProperties();
            if (keepNext) para.Append(new KeepNext());
            para.Append(new SpacingBetweenLines
            {
                Before = before.ToString(CultureInfo.InvariantCulture),
                After = after.ToString(CultureInfo.InvariantCulture),
                Line = line.ToString(CultureInfo.InvariantCulture), LineRule = LineSpacingRuleValues.Auto,
            });
            // Two characters of the style's size (in twentieths of a point); FirstLineChars alone is ignored by some
            // readers.
            if (firstLineChars is { } chars) para.Append(new Indentation
            {
                FirstLineChars = chars,
                FirstLine = (halfPoints * 10 * chars / 100).ToString(CultureInfo.InvariantCulture),
            });
            if (justify is { } j) para.Append(new Justification { Val = j });
            return new Style(new StyleName { Val = name }, new BasedOn { Val = "Normal" }, para, run)
            {
                Type = StyleValues.Paragraph, StyleId = id, CustomStyle = true,
            };
        }
        var normal = new Style(new StyleName { Val = "Normal" }, new StyleRunProperties(
            new RunFonts { EastAsia = Body, Ascii = "SimSun", HighAnsi = "SimSun" },
            new FontSize { Val = "28" }))
        { Type = StyleValues.Paragraph, StyleId = "Normal", Default = true };
        var styles = new Styles(normal,
            ParagraphStyle("ReportTitle", "报告标题", Title, "SimSun", 40, justify: JustificationValues.Center,
                after: 240),
            ParagraphStyle("Heading1", "heading 1", Heading1, "SimHei", 32, before: 240, after: 120, keepNext: true),
            ParagraphStyle("Heading2", "heading 2", Heading2, "KaiTi", 30, before: 120, after: 60, keepNext: true),
            ParagraphStyle("Masthead", "版头", Body, "SimSun", 28, justify: JustificationValues.Center),
            ParagraphStyle("BodyText", "正文", Body, "SimSun", 28, firstLineChars: 200,
                justify: JustificationValues.Both),
            ParagraphStyle("Note", "说明", Body, "SimSun", 24),
            ParagraphStyle("ListItem", "列表", Body, "SimSun", 28, firstLineChars: 200),
            ParagraphStyle("TableText", "表格文字", Body, "SimSun", 21, line: 240),
            ParagraphStyle("Figure", "图", Body, "SimSun", 21, justify: JustificationValues.Center),
            new Style(new StyleName { Val = "报告表格" })
            {
                Type = StyleValues.Table, StyleId = "ReportTable",
                CustomStyle = true
            });
        main.AddNewPart<StyleDefinitionsPart>("rIdStyles").Styles = styles;
    }
}
