/**
 * The stylesheet of the HTML validation report, in one place for both ways it travels:
 * inlined into the stand-alone report (a mail attachment or a file of the CLI, opened from
 * disk where no server is reachable), and served as `/assets/report.css` to the pages of
 * the application, whose Content-Security-Policy allows no inline styles.
 *
 * Every rule is scoped to `.vr` (the report) or `.vr-page` (the stand-alone document), so
 * the report can sit inside a page of the web UI without restyling it. Colours meet
 * WCAG 2.1 AA contrast on white.
 */
export const REPORT_CSS = `.vr-page {
  margin: 0;
  padding: 1.5rem 1rem 2.5rem;
  font-family: system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Liberation Sans', Arial, sans-serif;
  line-height: 1.5;
  color: #1b1b1b;
  background: #fff;
}
.vr-page > .vr {
  max-width: 64rem;
  margin: 0 auto;
}
.vr-page h1 {
  font-size: 1.75rem;
  line-height: 1.2;
  margin: 0 0 1rem;
}
.vr .vr-doc {
  border: 1px solid #b1b4b6;
  border-left-width: 6px;
  padding: 1rem 1.25rem;
  margin: 0 0 1.5rem;
  background: #fff;
}
.vr .vr-doc.vr-ok {
  border-left-color: #1d6b2f;
}
.vr .vr-doc.vr-bad {
  border-left-color: #b00020;
}
.vr .vr-verdict {
  font-size: 1.25rem;
  line-height: 1.3;
  margin: 0 0 0.75rem;
}
.vr .vr-verdict .vr-file {
  display: block;
  font-size: 0.9375rem;
  font-weight: 400;
  color: #4a4a4a;
  overflow-wrap: anywhere;
}
.vr .vr-ok .vr-verdict-text {
  color: #1d6b2f;
}
.vr .vr-bad .vr-verdict-text {
  color: #b00020;
}
.vr .vr-facts {
  display: grid;
  grid-template-columns: max-content 1fr;
  gap: 0.25rem 1.5rem;
  margin: 0 0 1rem;
}
.vr .vr-facts dt {
  font-weight: 700;
}
.vr .vr-facts dd {
  margin: 0;
  overflow-wrap: anywhere;
}
.vr .vr-facts .vr-num {
  font-variant-numeric: tabular-nums;
}
.vr .vr-findings-title {
  font-size: 1.0625rem;
  margin: 1.25rem 0 0.5rem;
}
.vr table {
  width: 100%;
  border-collapse: collapse;
  margin: 0 0 0.5rem;
}
.vr th,
.vr td {
  text-align: left;
  vertical-align: top;
  padding: 0.5rem;
  border-bottom: 1px solid #6b6b6b;
}
.vr thead th {
  background: #f3f5f8;
}
.vr code {
  font-family: ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace;
  font-size: 0.875em;
  overflow-wrap: anywhere;
}
.vr code.vr-rule {
  white-space: nowrap;
}
.vr .vr-location {
  color: #4a4a4a;
}
.vr .vr-schema {
  padding-left: 1.25rem;
}
@media (max-width: 40rem) {
  .vr .vr-facts {
    grid-template-columns: 1fr;
  }
  .vr .vr-facts dd {
    margin-bottom: 0.5rem;
  }
  /* Findings as stacked cards: four columns do not fit a phone. */
  .vr table,
  .vr tbody,
  .vr tr,
  .vr td {
    display: block;
  }
  .vr thead {
    display: none;
  }
  .vr tr {
    border-bottom: 1px solid #6b6b6b;
    padding: 0.5rem 0;
  }
  .vr td {
    border: 0;
    padding: 0.125rem 0;
  }
  .vr td[data-label]::before {
    content: attr(data-label) ': ';
    font-weight: 700;
  }
}
`;
