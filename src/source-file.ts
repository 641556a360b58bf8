/** Bytes on disk <-> text for LibCST, keeping what must survive a rewrite byte for byte (BOM, encoding). */

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
// PEP 263: a coding cookie in a comment on line 1 or 2.
const COOKIE = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;
const UTF8_NAMES = new Set(['utf-8', 'utf8', 'utf_8', 'utf-8-sig', 'utf_8_sig', 'u8', 'cp65001']);

export interface SourceText {
  text: string;        // decoded, without BOM
  bom: boolean;
}

export type DecodeResult =
  | { ok: true; source: SourceText }
  | { ok: false; status: 'skipped' | 'failed'; reason: string };

export function decodeSource(bytes: Buffer): DecodeResult {
  const bom = bytes.subarray(0, 3).equals(BOM);
  const body = bom ? bytes.subarray(3) : bytes;
  const cookie = codingCookie(body);
  if (cookie && !UTF8_NAMES.has(cookie.toLowerCase())) {
    return { ok: false, status: 'skipped', reason: `declares encoding ${cookie}; only UTF-8 files are rewritten` };
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
    return { ok: true, source: { text, bom } };
  } catch {
    return { ok: false, status: 'failed', reason: 'not valid UTF-8 and no coding cookie says otherwise' };
  }
}

export function encodeSource(text: string, bom: boolean): Buffer {
  const body = Buffer.from(text, 'utf8');
  return bom ? Buffer.concat([BOM, body]) : body;
}

function codingCookie(body: Buffer): string | undefined {
  const head = body.subarray(0, 512).toString('latin1').split(/\r\n|\r|\n/, 2);
  for (const line of head) {
    const match = COOKIE.exec(line);
    if (match) return match[1];
    if (!/^[ \t\f]*(#|$)/.test(line)) break; // line 2 counts only after a comment or blank line 1
  }
  return undefined;
}
