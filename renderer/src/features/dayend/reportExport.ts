import type { TFunction } from 'i18next';
import { formatFen } from '@shared/money';
import { type CsvLabels, type ZLine, zReportCsv, zReportLines } from '@shared/dayend/reportLines';
import type { ZReport } from '@shared/dayend/zReport';

/**
 * The Z report's printable forms: the 80 mm summary, the A4 page for PDF, and
 * the CSV. All read `zReportLines`, so each shows the same numbers as the screen.
 */

export function lineValue(line: ZLine, language: string): string {
  if (line.value === null) return '—';
  if (line.kind === 'fen') return formatFen(line.value, language);
  if (line.kind === 'share') return `${(Math.round(line.value * 1000) / 10).toFixed(1)}%`;
  return String(line.value);
}

export interface ReportHeader {
  title: string;
  store: string;
  printedAt: string;
  /** Set while the report is not final: printed on every page. */
  provisional: string | null;
}

const esc = (s: string) =>
  s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

function rows(report: ZReport, t: TFunction, language: string): string {
  let section: ZLine['section'] | '' = '';
  let out = '';
  for (const line of zReportLines(report)) {
    if (line.section !== section) {
      section = line.section;
      out += `<tr class="s"><th colspan="2">${esc(t(`dayend.report.section.${section}`))}</th></tr>`;
    }
    out += `<tr><td>${esc(t(`dayend.report.line.${line.key}` as 'dayend.report.line.salesFen'))}</td><td class="n">${esc(lineValue(line, language))}</td></tr>`;
  }
  return out;
}

/** The 80 mm thermal summary. */
export function summaryHtml(report: ZReport, header: ReportHeader, t: TFunction, language: string): string {
  const mark = header.provisional ? `<p class="p">${esc(header.provisional)}</p>` : '';
  return `<style>
body{font:12px/1.35 "Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:0;width:72mm}
h1{font-size:15px;margin:0 0 2px;text-align:center}p{margin:0 0 2px;text-align:center}
.p{font-weight:700;border:1px solid #000;padding:2px;margin:4px 0}
table{width:100%;border-collapse:collapse}td{padding:1px 0}.n{text-align:right}
tr.s th{text-align:left;border-top:1px dashed #000;padding-top:3px}
</style><article>${mark}<h1>${esc(header.title)}</h1><p>${esc(header.store)}</p><p>${esc(header.printedAt)}</p><table>${rows(report, t, language)}</table>${mark}</article>`;
}

/**
 * The A4 report for PDF (the print dialog's "Save as PDF"): a provisional
 * report's mark is a fixed header, which Chromium repeats on every printed page.
 */
export function pageHtml(report: ZReport, header: ReportHeader, t: TFunction, language: string): string {
  const mark = header.provisional ? `<div class="mark">${esc(header.provisional)}</div>` : '';
  const hours = report.hourly
    .filter((h) => h.salesCount || h.pickups)
    .map(
      (h) =>
        `<tr><td>${String(h.hour).padStart(2, '0')}:00</td><td class="n">${h.salesCount}</td><td class="n">${esc(formatFen(h.salesFen, language))}</td><td class="n">${h.pickups}</td></tr>`,
    )
    .join('');
  return `<style>
@page{size:A4;margin:22mm 16mm 16mm}
body{font:12px/1.4 "Noto Sans CJK SC","Microsoft YaHei",sans-serif}
.mark{position:fixed;top:-14mm;left:0;right:0;text-align:center;font-weight:700;color:#b00020;border:2px solid #b00020;padding:2mm}
h1{font-size:18px}table{border-collapse:collapse;width:100%;margin-bottom:8mm}
td,th{border-bottom:1px solid #ccc;padding:1.5mm 2mm;text-align:left}.n{text-align:right}
tr.s th{background:#f2f2f2}
</style>${mark}<article><h1>${esc(header.title)}</h1><p>${esc(header.store)} · ${esc(header.printedAt)}</p>
<table>${rows(report, t, language)}</table>
<h2>${esc(t('dayend.report.hourly'))}</h2><table><tr><th>${esc(t('dayend.report.hourHeader.hour'))}</th><th class="n">${esc(t('dayend.report.hourHeader.sales'))}</th><th class="n">${esc(t('dayend.report.hourHeader.amount'))}</th><th class="n">${esc(t('dayend.report.hourHeader.pickups'))}</th></tr>${hours}</table></article>`;
}

export function csvOf(report: ZReport, header: ReportHeader, t: TFunction): string {
  const labels: CsvLabels = {
    title: [
      header.title,
      header.store,
      header.printedAt,
      ...(header.provisional ? [header.provisional] : []),
    ],
    header: [
      t('dayend.report.csvHeader.section'),
      t('dayend.report.csvHeader.item'),
      t('dayend.report.csvHeader.value'),
    ],
    section: (s) => t(`dayend.report.section.${s}`),
    line: (k) => t(`dayend.report.line.${k}` as 'dayend.report.line.salesFen'),
    hour: {
      header: [
        t('dayend.report.hourHeader.hour'),
        t('dayend.report.hourHeader.sales'),
        t('dayend.report.hourHeader.amount'),
        t('dayend.report.hourHeader.pickups'),
      ],
    },
  };
  return zReportCsv(report, labels);
}
