/**
 * UNTDID 2475 event codes allowed as Value added tax point date code (BT-8) in the CII
 * binding (BR-CL-06): 5 (invoice date), 29 (delivery date), 72 (payment date).
 */
export const UNTDID2475_CII: ReadonlySet<string> = new Set(['5', '29', '72']);
