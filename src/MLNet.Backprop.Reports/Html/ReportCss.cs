namespace MLNet.Backprop.Reports.Html;

/// <summary>The reports' one style sheet: readable in light and dark mode (the reader's system setting), tables that
/// fit the page, and a print layout (no navigation, nothing split across pages that should stay whole).</summary>
internal static class ReportCss
{
    public const string Text = """
        :root { --fg: #1f2328; --muted: #57606a; --bg: #ffffff; --panel: #f6f8fa; --line: #d8dee4; --kept: #e6f4ea; --link: #0550ae;
                --info: #0969da; --warning: #9a6700; --warning-bg: #fff8e5; --critical: #cf222e; --critical-bg: #ffebe9; --healthy: #1a7f37; }
        @media (prefers-color-scheme: dark) {
          :root { --fg: #e6edf3; --muted: #9da7b3; --bg: #0d1117; --panel: #161b22; --line: #30363d; --kept: #12361f; --link: #79c0ff;
                  --info: #58a6ff; --warning: #d29922; --warning-bg: #2b2111; --critical: #ff7b72; --critical-bg: #3a1719; --healthy: #3fb950; }
        }
        * { box-sizing: border-box; }
        body { font-family: -apple-system, "Segoe UI", "DejaVu Sans", Helvetica, Arial, sans-serif; max-width: 1000px; margin: 0 auto; padding: 1.5em 1em 3em;
               color: var(--fg); background: var(--bg); line-height: 1.45; }
        a { color: var(--link); }
        h1 { font-size: 1.7em; margin: 0 0 0.2em; }
        h2 { font-size: 1.25em; border-bottom: 1px solid var(--line); padding-bottom: 0.2em; margin-top: 1.8em; }
        h3 { font-size: 1.05em; margin: 1.2em 0 0.3em; }
        .summary { color: var(--muted); margin: 0.2em 0; }
        nav { display: flex; flex-wrap: wrap; gap: 0.3em 1em; margin: 0.8em 0 0; font-size: 0.9em; }
        .table-wrap { max-width: 100%; overflow-x: auto; margin: 0.5em 0; }
        table { border-collapse: collapse; font-size: 0.88em; max-width: 100%; }
        caption { text-align: left; color: var(--muted); padding: 0.2em 0; }
        th, td { padding: 3px 9px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
        thead th { border-bottom: 2px solid var(--line); vertical-align: bottom; }
        th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; }
        td.num { white-space: nowrap; }
        table.kv th { font-weight: 600; color: var(--muted); white-space: nowrap; }
        table.kv td.auto, .auto { color: var(--muted); }
        tr.kept td { background: var(--kept); font-weight: 600; }
        figure { margin: 1em 0; }
        figure img { display: block; max-width: 100%; height: auto; border: 1px solid var(--line); border-radius: 4px; background: #ffffff; }
        figcaption { color: var(--muted); font-size: 0.85em; margin-top: 0.3em; }
        svg.projection { display: block; width: 100%; max-width: 900px; height: auto; background: var(--panel); }
        svg.projection .frame { fill: none; stroke: var(--line); }
        svg.projection .axis { stroke: var(--line); stroke-width: 1; }
        svg.projection circle { fill: var(--info); fill-opacity: 0.45; }
        svg.projection circle.labelled { fill: var(--critical); fill-opacity: 0.9; }
        svg.projection text { fill: var(--fg); font-size: 12px; }
        .finding { border-left: 5px solid var(--muted); background: var(--panel); padding: 0.5em 0.9em; margin: 0.7em 0; }
        .finding p { margin: 0.3em 0; }
        .finding .badge { display: inline-block; padding: 0 0.5em; border-radius: 3px; color: #ffffff; background: var(--muted); font-size: 0.85em; }
        .finding.info { border-color: var(--info); } .finding.info .badge { background: var(--info); color: var(--bg); }
        .finding.warning { border-color: var(--warning); background: var(--warning-bg); } .finding.warning .badge { background: var(--warning); color: var(--bg); }
        .finding.critical { border-color: var(--critical); background: var(--critical-bg); } .finding.critical .badge { background: var(--critical); color: var(--bg); }
        .finding .advice { font-style: italic; }
        .finding .where { color: var(--muted); }
        table.evidence { margin-top: 0.3em; font-size: 0.85em; }
        .healthy { color: var(--healthy); font-weight: 600; }
        footer { margin-top: 3em; color: var(--muted); font-size: 0.8em; }
        @media print {
          @page { margin: 14mm; }
          :root { --fg: #000000; --muted: #444c56; --bg: #ffffff; --panel: #f6f8fa; --line: #c8d1da; --kept: #e6f4ea; --link: #000000;
                  --info: #0969da; --warning: #9a6700; --warning-bg: #fff8e5; --critical: #cf222e; --critical-bg: #ffebe9; --healthy: #1a7f37; }
          body { max-width: none; padding: 0; font-size: 10pt; color: #000000; background: #ffffff; }
          nav { display: none; }
          .table-wrap { overflow: visible; }
          h2, h3 { break-after: avoid; }
          figure, .finding, tr, table.kv { break-inside: avoid; }
          figure img, svg.projection { max-width: 16cm; }
          th, td { padding: 2px 5px; }
          /* A sweep's table has a column per axis and per metric (binary: AUC, PR-AUC, accuracy, log-loss): narrower on paper. */
          table.runs { font-size: 9pt; }
          table.runs th, table.runs td { padding: 2px 3px; }
          * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        }

        """;
}
