import { markup, type SafeHtml } from '../html.js';
import type { ApprovalAdminMessages } from '../i18n/approval-admin.messages.js';
import { errorSummary, type FormProblem } from './form.view.js';
import { csrfField } from './layout.view.js';

export interface PersonRef {
  readonly id: string;
  readonly name: string;
}

export interface GroupRow {
  readonly id: string;
  readonly name: string;
  readonly members: readonly PersonRef[];
  /** Staff who are not members yet (enabled accounts only). */
  readonly candidates: readonly PersonRef[];
  /** Where a policy names the group: "Version 3, Amtsleitung (über 10.000 €)". */
  readonly usedIn: readonly string[];
}

export interface GroupsPage {
  readonly groups: readonly GroupRow[];
  readonly canEdit: boolean;
  readonly notice?: string;
  readonly problems?: readonly FormProblem[];
  readonly name?: string;
}

/** `GET /admin/groups`: each group with its members; admins add and remove members, create and delete groups. */
export function groupsView(a: ApprovalAdminMessages, csrf: string, p: GroupsPage): SafeHtml {
  const g = a.groups;
  const problems = p.problems ?? [];
  const nameProblem = problems.find((x) => x.field === 'group-name');
  return markup`<h1>${g.title}</h1>
${errorSummary(a.errorSummaryTitle, problems, 'group-name')}
${p.notice && markup`<div class="notice" role="status"><p>${p.notice}</p></div>`}
<p class="lead">${g.intro}</p>
${!p.canEdit && markup`<p class="hint">${a.readOnly}</p>`}
${
  p.groups.length === 0
    ? markup`<section class="empty-state" aria-labelledby="groups-empty"><h2 id="groups-empty">${g.empty}</h2></section>`
    : markup`<div class="group-list">
${p.groups.map(
  (group) => markup`<section class="panel group" aria-labelledby="group-${group.id}">
<h2 id="group-${group.id}">${group.name}</h2>
${group.usedIn.length > 0 && markup`<p class="hint">${g.usedIn(group.usedIn.join('; '))}</p>`}
<h3 class="subheading">${g.members}</h3>
${
  group.members.length === 0
    ? markup`<p class="warn-text">${g.noMembers}</p>`
    : markup`<ul class="member-list">
${group.members.map(
  (member) =>
    markup`<li><span>${member.name}</span>${
      p.canEdit &&
      markup` <form method="post" action="/admin/groups/${group.id}/members/remove" class="inline-form">
${csrfField(csrf)}<input type="hidden" name="userId" value="${member.id}">
<button type="submit" class="button-secondary button-small" aria-label="${g.removeMemberFor(member.name, group.name)}">${g.removeMember}</button>
</form>`
    }</li>`,
)}
</ul>`
}
${
  p.canEdit &&
  markup`<div class="group-actions">
${
  group.candidates.length === 0
    ? markup`<p class="hint">${g.everyoneIn}</p>`
    : markup`<form method="post" action="/admin/groups/${group.id}/members/add" class="add-member">
${csrfField(csrf)}
<label for="add-${group.id}">${g.addMemberLabel(group.name)}</label>
<select id="add-${group.id}" name="userId">
${group.candidates.map((c) => markup`<option value="${c.id}">${c.name}</option>`)}
</select>
<button type="submit" class="button-secondary button-bordered">${g.addMemberButton}</button>
</form>`
}
<a class="danger-link" href="/admin/groups/${group.id}/delete" aria-label="${g.deleteGroupFor(group.name)}">${g.deleteGroup}</a>
</div>`
}
</section>`,
)}
</div>`
}
${
  p.canEdit &&
  markup`<section class="panel" aria-labelledby="new-group">
<h2 id="new-group">${g.createTitle}</h2>
<form method="post" action="/admin/groups">
${csrfField(csrf)}
<div class="field${nameProblem ? ' field-error' : ''}">
<label for="group-name">${g.name}</label>
<p class="hint" id="group-name-hint">${g.nameHint}</p>
${nameProblem && markup`<p class="error-message" id="group-name-error">${nameProblem.text}</p>`}
<input type="text" id="group-name" name="name" maxlength="80" value="${p.name ?? ''}" aria-describedby="group-name-hint${nameProblem ? ' group-name-error' : ''}"${nameProblem ? markup` aria-invalid="true"` : ''}>
</div>
<button type="submit" class="button">${g.create}</button>
</form>
</section>`
}
`;
}

/** `GET /admin/groups/:id/delete`: what deleting means (and where the group is still named), and the form that does it. */
export function deleteGroupView(a: ApprovalAdminMessages, csrf: string, group: GroupRow): SafeHtml {
  const g = a.groups;
  return markup`<h1>${g.deleteTitle}</h1>
<form method="post" action="/admin/groups/${group.id}/delete">
${csrfField(csrf)}
<p>${g.deleteQuestion(group.name)}</p>
<p>${g.deleteExplanation}</p>
${group.usedIn.length > 0 && markup`<p class="warn-text"><strong>${g.deleteUsed(group.usedIn.join('; '))}</strong></p>`}
<button type="submit" class="button button-danger">${g.deleteConfirm}</button>
<a class="cancel-link" href="/admin/groups">${a.cancel}</a>
</form>
`;
}
