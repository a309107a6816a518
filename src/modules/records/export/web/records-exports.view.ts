import type { Lang } from '../../../../common/errors/domain-error.js';
import { markup, type SafeHtml } from '../../../web/html.js';
import { csrfField, timeOf } from '../../../web/views/layout.view.js';
import { EXPORT_STATES, type ExportState, type RecordExport } from '../records-export.repository.js';
import type { ExportsPageMessages } from './records-exports.messages.js';

/**
 * `GET /admin/records/exports`: the exports of filed Vorgänge with their state, the DMS's
 * last word, and a retry button for the failed ones (a form post with the CSRF field).
 */
export function exportsView(
  lang: Lang,
  mm: ExportsPageMessages,
  csrfToken: string,
  rows: readonly RecordExport[],
  state: ExportState | undefined,
  notice?: string,
): SafeHtml {
  const c = mm.columns;
  const status = notice && markup`<div class="notice" role="status"><p>${notice}</p></div>`;
  const filter = markup`<nav aria-label="${mm.filter}"><p>${mm.filter}: ${[undefined, ...EXPORT_STATES].map(
    (s, i) => {
      const label = s ? mm.states[s] : mm.all;
      const href = s ? `/admin/records/exports?state=${s}` : '/admin/records/exports';
      const sep = i > 0 ? ' · ' : '';
      return s === state
        ? markup`${sep}<strong aria-current="page">${label}</strong>`
        : markup`${sep}<a href="${href}">${label}</a>`;
    },
  )}</p></nav>`;
  if (rows.length === 0) {
    return markup`<h1>${mm.title}</h1>
${status}
<p>${mm.intro}</p>
${filter}
<p>${mm.empty}</p>
`;
  }
  return markup`<h1>${mm.title}</h1>
${status}
<p>${mm.intro}</p>
${filter}
<div class="table-scroll">
<table class="data-table">
<caption>${mm.caption}</caption>
<thead>
<tr><th scope="col">${c.aktenzeichen}</th><th scope="col">${c.target}</th><th scope="col">${c.state}</th><th scope="col">${c.attempts}</th><th scope="col">${c.next}</th><th scope="col">${c.error}</th><th scope="col">${c.actions}</th></tr>
</thead>
<tbody>
${rows.map((r) => {
  const error = r.lastError
    ? markup`${mm.errors[r.lastError] ?? r.lastError}${r.lastMessage ? markup`: ${r.lastMessage}` : ''}`
    : mm.noError;
  const retry =
    r.state === 'failed'
      ? markup`<form method="post" action="/admin/records/exports/${r.id}/retry" class="inline-form">
${csrfField(csrfToken)}
<button type="submit" class="button-secondary" aria-label="${mm.retryFor(r.aktenzeichen, r.targetName)}">${mm.retry}</button>
</form>`
      : '';
  return markup`<tr>
<th scope="row">${r.aktenzeichen}</th>
<td>${r.targetName}</td>
<td>${mm.states[r.state]}</td>
<td>${String(r.attempts)}</td>
<td>${r.nextAttemptAt && r.state !== 'sent' ? timeOf(r.nextAttemptAt, lang) : mm.noRetry}</td>
<td>${error}</td>
<td>${retry}</td>
</tr>`;
})}
</tbody>
</table>
</div>
`;
}
