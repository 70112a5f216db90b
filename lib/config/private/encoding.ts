/**
 * The bytes of a landing zones file as text: UTF-8 only (a UTF-8 byte order mark is dropped), with
 * the encodings editors commonly save by mistake named (UTF-16, UTF-32, Latin-1 and other 8-bit
 * code pages), NUL bytes refused, and a size limit.
 */

/** The largest landing zones file read: a file for a thousand tenants is well under 1 MB. */
export const MAX_CONFIG_BYTES = 10 * 1024 * 1024;

/** Why the bytes are not a usable text, with the 0-based byte offset of the first bad byte. */
export interface EncodingProblem {
  readonly offset: number;
  readonly message: string;
}

/** The text of the bytes, or the problem. */
export function decodeConfig(bytes: Uint8Array): { text: string } | { problem: EncodingProblem } {
  if (bytes.length > MAX_CONFIG_BYTES) {
    return { problem: { offset: 0, message: `the file is too large (${bytes.length} bytes; at most ${MAX_CONFIG_BYTES} bytes): it is not a landing zones file` } };
  }
  const save = 'save it as UTF-8';
  if ((bytes[0] === 0xff && bytes[1] === 0xfe && bytes[2] === 0 && bytes[3] === 0) || (bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0xfe && bytes[3] === 0xff)) {
    return { problem: { offset: 0, message: `not UTF-8: the file is UTF-32 (it starts with a UTF-32 byte order mark); ${save}` } };
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { problem: { offset: 0, message: `not UTF-8: the file is UTF-16 (it starts with a UTF-16 byte order mark); ${save}` } };
  }
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) {
    const byte = bytes[bad].toString(16).toUpperCase().padStart(2, '0');
    return { problem: { offset: bad, message: `not UTF-8: invalid byte 0x${byte} (Latin-1 or another 8-bit encoding?); ${save}` } };
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    return { problem: { offset: nul, message: 'not a text file: it contains NUL bytes (UTF-16 without a byte order mark, or a binary file); save it as UTF-8' } };
  }
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(start)) };
}

/**
 * The offset of the first byte that is not part of a well-formed UTF-8 sequence (RFC 3629: no
 * overlong forms, no surrogates, nothing above U+10FFFF), or -1.
 */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    if (c < 0x80) { i += 1; continue; }
    let n: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) n = 1;
    else if (c === 0xe0) { n = 2; lo = 0xa0; }
    else if (c >= 0xe1 && c <= 0xec) n = 2;
    else if (c === 0xed) { n = 2; hi = 0x9f; }
    else if (c >= 0xee && c <= 0xef) n = 2;
    else if (c === 0xf0) { n = 3; lo = 0x90; }
    else if (c >= 0xf1 && c <= 0xf3) n = 3;
    else if (c === 0xf4) { n = 3; hi = 0x8f; }
    else return i;
    for (let k = 1; k <= n; k++) {
      const next = b[i + k];
      const min = k === 1 ? lo : 0x80;
      const max = k === 1 ? hi : 0xbf;
      if (next === undefined || next < min || next > max) return i;
    }
    i += n + 1;
  }
  return -1;
}

/** 1-based line and column (in characters) of a byte offset of valid UTF-8 up to it. */
export function positionOfByte(bytes: Uint8Array, offset: number): { line: number; column: number } {
  const before = new TextDecoder('utf-8').decode(bytes.subarray(0, offset)).replace(/\r\n?/g, '\n');
  const lines = before.split('\n');
  return { line: lines.length, column: [...lines[lines.length - 1]].length + 1 };
}
