using System.Net;
using System.Text.RegularExpressions;
using Markdig;

namespace Hotline.Jobs.Render;

/// <summary>
/// A self-contained HTML page from a report's Markdown: one file to e-mail or archive, with the charts embedded as
/// data URIs and no script or external resource.
/// </summary>
public static partial class HtmlPage
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables()
        .UseEmphasisExtras().Build();

    [GeneratedRegex("<img src=\"([^\"]+\\.png)\"")] private static partial Regex Img();

    public static string Render(string title, string markdown, IReadOnlyDictionary<string, byte[]> images)
    {
        var body = Markdown.ToHtml(markdown, Pipeline);
        body = Img().Replace(body, m => images.TryGetValue(m.Groups[1].Value, out var png)
            ? $"<img src=\"data:image/png;base64,{Convert.ToBase64String(png)}\"" : m.Value);
        return $$"""
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8"><title>{{WebUtility.HtmlEncode(title)}}</title>
            <style>
            body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;max-width:1000px;margin:2em
                auto;padding:0 1em;color:#222;line-height:1.6}
            table{border-collapse:collapse;margin:.5em 0 1.5em;font-size:14px}
                th,td{border:1px solid #ccc;padding:3px 8px;text-align:left}
            th{background:#f0f3f7}img{max-width:100%}h1{border-bottom:2px solid #2b5b84}
                h2{color:#2b5b84;margin-top:1.6em}
            blockquote{color:#555;border-left:4px solid #ccd;margin:0;padding-left:1em}
            </style></head><body>
            {{body}}
            </body></html>
            """;
    }
}
