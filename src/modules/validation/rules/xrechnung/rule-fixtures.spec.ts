import { CII_OK, UBL_OK, runXr } from './rule-fixtures.js';

describe('XRechnung rule fixtures', () => {
  it('the UBL base invoice satisfies every XRechnung rule', () => {
    expect(runXr(UBL_OK)).toEqual({ fired: [], undecidable: [] });
  });
  it('the CII base invoice satisfies every XRechnung rule', () => {
    expect(runXr(CII_OK)).toEqual({ fired: [], undecidable: [] });
  });
});
