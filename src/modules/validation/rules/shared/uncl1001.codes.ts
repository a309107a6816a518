import { codeSet } from './code-list.js';

/** UNTDID 1001 document name codes allowed as Invoice type code (BT-3, BR-CL-01). */
export const UNCL1001_INVOICE = codeSet(
  '71 80 81 82 84 102 130 202 203 204 211 218 219 295 325 326 331 380 382 383 384 385 386 387 388 389 390 393 394 395 ' +
    '456 457 471 472 473 500 501 502 503 527 553 575 623 633 751 780 817 870 875 876 877 935',
);

/** UNTDID 1001 document name codes allowed as credit note type code (BT-3, BR-CL-01). */
export const UNCL1001_CREDIT_NOTE = codeSet('81 83 261 262 296 308 381 396 420 458 532');
