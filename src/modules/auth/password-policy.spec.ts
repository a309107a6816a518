import { isTrivial, passwordProblem } from './password-policy.js';

const ctx = { email: 'anna.schmidt@musterstadt.example', tenantName: 'Stadt Musterstadt' };

describe('password policy', () => {
  it.each([
    ['short', 'AUTH_PASSWORD_TOO_WEAK'],
    ['elf-zeichen', 'AUTH_PASSWORD_TOO_WEAK'],
    ['111111111111', 'AUTH_PASSWORD_TRIVIAL'],
    ['aaaaaaaaaaaaaaaa', 'AUTH_PASSWORD_TRIVIAL'],
    ['121212121212', 'AUTH_PASSWORD_TRIVIAL'],
    ['abcabcabcabc', 'AUTH_PASSWORD_TRIVIAL'],
    ['123456789012', 'AUTH_PASSWORD_TRIVIAL'],
    ['987654321098', 'AUTH_PASSWORD_TRIVIAL'],
    ['abcdefghijkl', 'AUTH_PASSWORD_TRIVIAL'],
    ['qwertzuiopas', 'AUTH_PASSWORD_TRIVIAL'],
    ['QWERTYUIOP12', 'AUTH_PASSWORD_TRIVIAL'],
    ['passwortpasswort', 'AUTH_PASSWORD_TRIVIAL'],
    ['anna.schmidt@musterstadt.example', 'AUTH_PASSWORD_PERSONAL'],
    ['Anna.Schmidt@Musterstadt.example', 'AUTH_PASSWORD_PERSONAL'],
    ['anna.schmidt2024!', 'AUTH_PASSWORD_PERSONAL'],
    ['Musterstadt2024!', 'AUTH_PASSWORD_PERSONAL'],
    ['StadtMusterstadt', 'AUTH_PASSWORD_PERSONAL'],
    ['schmidt-1234567', 'AUTH_PASSWORD_PERSONAL'],
    ['password1234', 'AUTH_PASSWORD_COMMON'],
    ['Passwort2024!', 'AUTH_PASSWORD_COMMON'],
    ['!!iloveyou12', 'AUTH_PASSWORD_COMMON'],
    ['1qaz2wsx3edc', 'AUTH_PASSWORD_COMMON'],
    ['motherfucker', 'AUTH_PASSWORD_COMMON'],
  ])('refuses %j (%s)', (password, code) => {
    expect(passwordProblem(password, ctx)).toBe(code);
  });

  it.each([
    'Kaffee-Tasse-Regen-42',
    'korrekt Pferd Batterie Heftklammer',
    'monkey83920174',
    'Musterstadt hat 7 Brunnen und 3 Türme',
    'a-new-long-password',
    'Xq7#pL2!vR9@',
  ])('accepts %j', (password) => {
    expect(passwordProblem(password, ctx)).toBeUndefined();
  });

  it('without context only the general rules apply', () => {
    expect(passwordProblem('anna.schmidt@musterstadt.example')).toBeUndefined();
    expect(passwordProblem('111111111111')).toBe('AUTH_PASSWORD_TRIVIAL');
  });

  it('sees sequences across keyboard rows and the digit wrap', () => {
    expect(isTrivial('7890123456')).toBe(true);
    expect(isTrivial('asdfghjklö')).toBe(true);
    expect(isTrivial('tz7Kp2')).toBe(false);
  });
});
