import { renderDigestMail, renderTaskMail, type TaskFacts } from './templates.js';

const facts: TaskFacts = {
  invoiceId: '0b7f7a52-6d0e-4a53-9a0c-2d9b1c7c0e11',
  number: 'RE-2027-17',
  seller: 'Müller & <Söhne> "Bau" GmbH',
  amount: '1234.50',
  currency: 'EUR',
  step: { de: 'Sachlich richtig', en: 'Factually correct' },
  skontoDeadline: '2027-01-11',
  skontoAmount: '24.69',
  dueDeadline: '2027-02-01',
};
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');
const BASE = 'https://rechnung.example/';

describe('staff mail templates', () => {
  it('write a new task in German with the facts, links and settings', () => {
    const mail = renderTaskMail('task', facts, 'de', 'Anna Beispiel', BASE);
    expect(mail.subject).toBe(
      'Neue Aufgabe: Sachlich richtig – Rechnung RE-2027-17 von Müller & <Söhne> "Bau" GmbH',
    );
    const text = plain(mail.text);
    expect(text).toContain('Guten Tag Anna Beispiel,');
    expect(text).toMatch(/Betrag: +1\.234,50 €/);
    expect(text).toMatch(/Skonto bis: +11\.01\.2027 \(24,69 €\)/);
    expect(text).toMatch(/Fällig am: +01\.02\.2027/);
    expect(text).toContain(`Rechnung öffnen: https://rechnung.example/invoices/${facts.invoiceId}`);
    expect(text).toContain('Ihr Posteingang: https://rechnung.example/inbox');
    expect(text).toContain('https://rechnung.example/preferences');
  });

  it('escape every value in the HTML part', () => {
    const mail = renderTaskMail('task', facts, 'en', '<b>Eve</b>', BASE);
    expect(mail.html).toContain('<html lang="en">');
    expect(mail.html).toContain('Müller &amp; &lt;Söhne&gt; &quot;Bau&quot; GmbH');
    expect(mail.html).toContain('Hello &lt;b&gt;Eve&lt;/b&gt;,');
    expect(mail.html).not.toContain('<Söhne>');
    expect(mail.html).not.toContain('<b>Eve');
  });

  it('keep header values on one line', () => {
    const mail = renderTaskMail(
      'task',
      { ...facts, seller: 'Evil\r\nBcc: x@example.org' },
      'en',
      'Eve',
      BASE,
    );
    expect(mail.subject).toBe(
      'New task: Factually correct – invoice RE-2027-17 from Evil Bcc: x@example.org',
    );
  });

  it('name the deadline of a reminder, in either language', () => {
    const de = renderTaskMail(
      'reminder',
      { ...facts, basis: 'skonto', deadline: '2027-01-11' },
      'de',
      'A',
      BASE,
    );
    expect(de.subject).toBe('Erinnerung: Skonto-Frist am 11.01.2027 – Rechnung RE-2027-17');
    const en = renderTaskMail(
      'reminder',
      { ...facts, basis: 'due', deadline: '2027-02-01' },
      'en',
      'A',
      BASE,
    );
    expect(en.subject).toBe('Reminder: due Feb 1, 2027 – invoice RE-2027-17');
  });

  it('say how long an escalated task waited and whether it was added', () => {
    const added = renderTaskMail(
      'escalation',
      { ...facts, workingDays: 5, openedOn: '2027-01-04', escalatedTo: true },
      'de',
      'A',
      BASE,
    );
    expect(added.subject).toBe('Eskalation: Rechnung RE-2027-17 wartet seit 5 Arbeitstagen');
    expect(plain(added.text)).toContain('wartet seit dem 04.01.2027 (5 Arbeitstage)');
    expect(added.text).toContain('zusätzlich zugewiesen');
    const own = renderTaskMail(
      'escalation',
      { ...facts, workingDays: 1, openedOn: '2027-01-08', escalatedTo: false },
      'en',
      'A',
      BASE,
    );
    expect(own.subject).toBe('Escalation: invoice RE-2027-17 has waited 1 working day');
    expect(own.text).toContain('Please decide or pass the task on.');
  });

  it('write the digest with the count, the Skonto at risk and the most urgent', () => {
    const mail = renderDigestMail(
      { day: '2027-01-07', total: 12, skontoAtRisk: '1024.38', atRiskCount: 3, rows: [facts] },
      'de',
      'Anna',
      BASE,
    );
    expect(mail.subject).toBe('Ihre offenen Aufgaben am 07.01.2027: 12');
    const text = plain(mail.text);
    expect(text).toContain('auf Ihre Entscheidung warten 12 Aufgaben.');
    expect(text).toContain('Skonto in Gefahr (Frist in den nächsten 7 Tagen): 1.024,38 € bei 3 Rechnungen.');
    expect(text).toContain('1. RE-2027-17 – Müller & <Söhne> "Bau" GmbH – 1.234,50 € – Sachlich richtig');
    expect(mail.html).toContain(
      `<a href="https://rechnung.example/invoices/${facts.invoiceId}">RE-2027-17</a>`,
    );
  });
});
