using System.Text.Json;
using Microsoft.Playwright;

namespace MLNet.Backprop.Reports.BrowserTests;

/// <summary>What the browser tests measure in a page, computed by the browser itself (layout, loaded images, colours).</summary>
public static class PageChecks
{
    /// <summary>Every element whose box reaches past the page's width, every table that needs a horizontal scroll
    /// bar, and a page wider than its window (empty when everything fits).</summary>
    public static Task<string[]> OverflowsAsync(IPage page) => page.EvaluateAsync<string[]>("""
        () => {
          const width = document.documentElement.clientWidth, out = [];
          for (const el of document.querySelectorAll('body *')) {
            const r = el.getBoundingClientRect();
            if (r.width > 0 && r.right > width + 0.5) out.push(`${el.tagName.toLowerCase()}.${el.className} ends at ${Math.round(r.right)} px of ${width}`);
          }
          for (const wrap of document.querySelectorAll('.table-wrap'))
            if (wrap.scrollWidth > wrap.clientWidth + 1) out.push(`table.${wrap.firstElementChild.className} needs ${wrap.scrollWidth} px, has ${wrap.clientWidth}`);
          if (document.documentElement.scrollWidth > width) out.push(`the page is ${document.documentElement.scrollWidth} px wide in a ${width} px window`);
          return out.slice(0, 20);
        }
        """);

    /// <summary>The images that did not load (none decoded, or zero width), and how many images there are.</summary>
    public static async Task<(int Count, string[] Broken)> ImagesAsync(IPage page)
    {
        var images = await page.EvaluateAsync<JsonElement>("""
            () => Array.from(document.images).map(i => ({ alt: i.alt, ok: i.complete && i.naturalWidth > 0 && i.naturalHeight > 0 }))
            """);
        var all = images.EnumerateArray().ToList();
        return (all.Count, all.Where(i => !i.GetProperty("ok").GetBoolean()).Select(i => i.GetProperty("alt").GetString() ?? "").ToArray());
    }

    /// <summary>The lowest WCAG contrast ratio of any visible text against its background, with the element, and the
    /// page background's relative luminance.</summary>
    public static async Task<(double Ratio, string Where, double Background)> ContrastAsync(IPage page)
    {
        var result = await page.EvaluateAsync<JsonElement>("""
            () => {
              const parse = c => { const m = c.match(/rgba?\(([^)]+)\)/); if (!m) return null; const p = m[1].split(',').map(parseFloat);
                                   return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 }; };
              const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
                                 return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
              const background = el => { for (let e = el; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor); if (c && c.a > 0.5) return c; }
                                         return { r: 255, g: 255, b: 255, a: 1 }; };
              let worst = { ratio: 99, where: '' };
              for (const el of document.querySelectorAll('h1, h2, h3, p, th, td, caption, figcaption, footer, nav a, .badge, .where, strong')) {
                if (!el.textContent.trim() || el.getClientRects().length === 0) continue;
                const a = lum(parse(getComputedStyle(el).color)), b = lum(background(el));
                const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
                if (ratio < worst.ratio) worst = { ratio, where: `${el.tagName.toLowerCase()}.${el.className}: ${el.textContent.trim().slice(0, 50)}` };
              }
              return { ratio: worst.ratio, where: worst.where, body: lum(background(document.body)) };
            }
            """);
        return (result.GetProperty("ratio").GetDouble(), result.GetProperty("where").GetString() ?? "", result.GetProperty("body").GetDouble());
    }

    public static Task<int> CountAsync(IPage page, string selector) => page.Locator(selector).CountAsync();

    public static async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ReportFiles.Artifacts, name), FullPage = true });
}
