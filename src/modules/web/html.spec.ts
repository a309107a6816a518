import { escapeHtml, flag, markup, SafeHtml } from './html.js';

describe('html template', () => {
  it('escapes interpolated text, including both quotes', () => {
    const evil = `<script>alert("x")</script>' onload='x' \`&`;
    const out = markup`<p title="${evil}">${evil}</p>`.value;
    expect(out).not.toContain('<script>');
    expect(out).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; onload=&#39;x&#39; &#96;&amp;">' +
        '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; onload=&#39;x&#39; &#96;&amp;</p>',
    );
  });

  it('keeps nested templates and joins arrays without escaping them twice', () => {
    const items = ['a&b', 'c'].map((t) => markup`<li>${t}</li>`);
    expect(markup`<ul>${items}</ul>`.value).toBe('<ul><li>a&amp;b</li><li>c</li></ul>');
  });

  it('renders nothing for false, null and undefined, and numbers as text', () => {
    expect(markup`[${false}${null}${undefined}${0}${12.5}]`.value).toBe('[012.5]');
  });

  it('does not treat a plain object with a value property as safe', () => {
    const fake = { value: '<b>' } as unknown as string;
    expect(markup`${fake}`.value).toBe('[object Object]');
    expect(new SafeHtml('<b>').toString()).toBe('<b>');
  });

  it('renders boolean attributes', () => {
    expect(markup`<input${flag('required', true)}${flag('disabled', false)}>`.value).toBe('<input required>');
    expect(escapeHtml('plain')).toBe('plain');
  });
});
