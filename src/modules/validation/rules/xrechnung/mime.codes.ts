/** MIME codes an attachment (BT-125) may have in the XRechnung Extension (BR-DEX-01): EN 16931's list plus XML. */
export const EXTENSION_MIME_CODES: readonly string[] = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'text/csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/xml',
];
