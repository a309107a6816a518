import { NS, type XNode } from '../xml/xnode.js';
import { readCii } from './cii-reader.js';
import type { Invoice } from './en16931.js';
import { readUbl } from './ubl-reader.js';

/** The semantic model of a parsed UBL or CII invoice; null for any other root element. */
export function readInvoice(root: XNode): Invoice | null {
  if (
    (root.ns === NS.ubl && root.local === 'Invoice') ||
    (root.ns === NS.cn && root.local === 'CreditNote')
  ) {
    return readUbl(root);
  }
  if (root.ns === NS.rsm && root.local === 'CrossIndustryInvoice') return readCii(root);
  return null;
}

export * from './en16931.js';
