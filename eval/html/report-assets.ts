/**
 * The HTML report's style and script, inlined into the one file so it opens from disk, offline, anywhere.
 * The script only shows and hides rows by their data attributes: it never builds HTML from text.
 */
export const REPORT_STYLE = `
:root { --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --soft: #f6f8fa; --good: #067647; --good-soft: #ecfdf3; --fair: #b54708; --fair-soft: #fffaeb; --poor: #b42318; --poor-soft: #fef3f2; font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif; font-size: 13px; color: var(--ink); }
body { margin: 0; padding: 0 24px 48px; }
header { padding: 16px 0 4px; }
h1 { margin: 0; font-size: 20px; }
h2 { font-size: 16px; margin: 28px 0 8px; }
h3 { font-size: 14px; margin: 8px 0; }
.muted { color: var(--muted); font-size: 12px; }
.filters { position: sticky; top: 0; z-index: 5; display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; padding: 10px 0; background: #fff; border-bottom: 1px solid var(--line); }
.filters label { display: inline-flex; gap: 6px; align-items: center; }
select, input { font: inherit; }
table { border-collapse: collapse; margin: 4px 0; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
thead th { background: var(--soft); font-weight: 600; }
.mismatches thead th { position: sticky; top: 46px; }
tbody th { font-weight: 500; }
.wide { overflow-x: auto; }
td.number, td.ratio { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.good { background: var(--good-soft); color: var(--good); }
td.fair { background: var(--fair-soft); color: var(--fair); }
td.poor, .poor { background: var(--poor-soft); color: var(--poor); }
tr.overall th, tr.overall td { font-weight: 600; }
.mismatches { width: 100%; table-layout: fixed; }
.mismatches th:nth-child(1) { width: 14%; } .mismatches th:nth-child(2) { width: 9%; } .mismatches th:nth-child(3) { width: 20%; } .mismatches th:nth-child(4) { width: 30%; }
.pair { display: grid; grid-template-columns: 1fr; gap: 2px; margin-bottom: 6px; }
.pair .field { font-family: ui-monospace, monospace; font-size: 11px; color: var(--muted); }
.pair .gold::before { content: "gold "; color: var(--muted); font-size: 11px; }
.pair .got::before { content: "got  "; color: var(--muted); font-size: 11px; }
.pair .gold, .pair .got { white-space: pre-wrap; word-break: break-all; }
del { background: #ffd7d5; color: var(--poor); text-decoration: line-through; }
ins { background: #ccf0d5; color: var(--good); text-decoration: underline; }
mark { background: #fff1a8; }
.evidence { white-space: pre-wrap; word-break: break-all; margin-bottom: 4px; }
.evidence img.crop { display: block; max-width: 100%; border: 1px solid var(--line); margin-bottom: 2px; }
.evidence .page { font-size: 11px; color: var(--muted); }
.kind { font-family: ui-monospace, monospace; font-size: 11px; padding: 1px 6px; border-radius: 8px; background: var(--soft); }
.badge.new { font-size: 11px; padding: 1px 6px; border-radius: 8px; background: var(--poor); color: #fff; }
.sides { display: grid; grid-template-columns: 1fr 1fr; gap: 24px; }
.side.rose h3 { color: var(--good); } .side.fell h3 { color: var(--poor); }
.change.up { color: var(--good); } .change.down { color: var(--poor); }
[hidden] { display: none !important; }
`;

export const REPORT_SCRIPT = `
(() => {
  const value = (id) => document.getElementById(id).value;
  const apply = () => {
    const family = value("filter-family");
    const name = value("filter-document");
    const field = value("filter-field");
    const kind = value("filter-kind");
    const text = value("filter-text").trim().toLowerCase();
    let shown = 0;
    for (const row of document.querySelectorAll("tr.mismatch")) {
      const visible = (!family || row.dataset.family === family) && (!name || row.dataset.document === name) && (!field || row.dataset.fields.includes(" " + field + " ")) && (!kind || row.dataset.kind === kind) && (!text || row.textContent.toLowerCase().includes(text));
      row.hidden = !visible;
      if (visible) shown++;
    }
    for (const row of document.querySelectorAll("tr.document-row, tr.scope[data-family]")) {
      row.hidden = (family !== "" && row.dataset.family !== family) || (name !== "" && row.dataset.document !== undefined && row.dataset.document !== name);
    }
    for (const row of document.querySelectorAll("tr.metric-change")) {
      row.hidden = (family !== "" && row.dataset.family !== "" && row.dataset.family !== family) || (name !== "" && row.dataset.document !== name) || (field !== "" && row.dataset.field !== field);
    }
    for (const cell of document.querySelectorAll("table.fields [data-family]")) cell.hidden = family !== "" && cell.dataset.family !== "" && cell.dataset.family !== family;
    for (const row of document.querySelectorAll("table.fields tbody tr")) row.hidden = field !== "" && row.dataset.field !== field;
    document.getElementById("filter-count").textContent = shown + " mismatches shown";
  };
  for (const id of ["filter-family", "filter-document", "filter-field", "filter-kind"]) document.getElementById(id).addEventListener("change", apply);
  document.getElementById("filter-text").addEventListener("input", apply);
  apply();
})();
`;
