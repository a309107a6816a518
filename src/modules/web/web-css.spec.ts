import { readFileSync } from 'node:fs';

/** The stylesheet is hand-written (and merged by hand): a block left open silently disables every rule after it. */
describe('web.css', () => {
  const css = readFileSync(new URL('./assets/web.css', import.meta.url), 'utf8').replace(
    /\/\*[\s\S]*?\*\//g,
    '',
  );

  it('closes every block it opens, in order', () => {
    let depth = 0;
    const lines = css.split('\n');
    lines.forEach((line, i) => {
      depth += (line.match(/{/g) ?? []).length - (line.match(/}/g) ?? []).length;
      if (depth < 0) throw new Error(`a '}' without its '{' at line ${i + 1}`);
    });
    expect(depth).toBe(0);
  });

  it('nests rules only inside at-rules', () => {
    let depth = 0;
    const stack: boolean[] = [];
    for (const line of css.split('\n')) {
      for (const ch of line) {
        if (ch === '{') {
          const atRule = /^\s*@/.test(line);
          if (depth > 0 && !stack[stack.length - 1])
            throw new Error(`a rule opened inside a rule: ${line.trim()}`);
          stack.push(atRule);
          depth++;
        } else if (ch === '}') {
          stack.pop();
          depth--;
        }
      }
    }
    expect(depth).toBe(0);
  });
});
