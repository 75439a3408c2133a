import { fileTypeFromBuffer } from 'file-type';

/** The largest evidence file accepted; app.factory gives the same figure to the multipart parser. */
export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;

/** Types recognised by their signature (file-type), the zip-based Office formats by the entries inside. */
export const BINARY_EVIDENCE_TYPES = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
] as const;
/** Plain text and CSV: accepted only as UTF-8 without NUL, and served back with that charset. */
export const TEXT_EVIDENCE_TYPE = 'text/plain';
export const EVIDENCE_MEDIA_TYPES = [...BINARY_EVIDENCE_TYPES, TEXT_EVIDENCE_TYPE] as const;
export type EvidenceMediaType = (typeof EVIDENCE_MEDIA_TYPES)[number];

/** Where browsers used to sniff for HTML; markup there makes a "text" file a web page or an SVG image. */
const MARKUP_WINDOW = 1024;
const MARKUP =
  /<(?:!doctype|html|head|body|script|iframe|frame|object|embed|svg|math|style|meta|link|\?xml)\b/i;

/**
 * The type of an uploaded file, judged by its content alone (never by its name or the Content-Type the client
 * declared), or null when it is not one the evidence store accepts: an executable renamed .pdf, a zip, an old
 * binary Office file, HTML or SVG all answer null.
 */
export async function detectEvidenceType(bytes: Uint8Array): Promise<EvidenceMediaType | null> {
  let detected: { mime: string } | undefined;
  try {
    detected = await fileTypeFromBuffer(bytes);
  } catch {
    // A detector giving up on a crafted file: whatever it is, it is not a type we could vouch for.
    return null;
  }
  if (detected) return BINARY_EVIDENCE_TYPES.find((type) => type === detected.mime) ?? null;
  return isPlainText(bytes) ? TEXT_EVIDENCE_TYPE : null;
}

/** Valid UTF-8 (a BOM allowed), no NUL, and no markup at the start. */
export function isPlainText(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return false;
  }
  const head = text.slice(0, MARKUP_WINDOW);
  return !head.trimStart().startsWith('<') && !MARKUP.test(head);
}

const FILE_NAME_MAX = 255;
/** C0/C1 controls, and the bidirectional controls that make "txt.exe" display as "exe.txt". */
const UNSAFE_IN_NAME = /[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/**
 * The client's file name as kept in the record (never used on disk): its last path segment, without control
 * characters, at most 255 characters (code points, as MariaDB counts them). Offered back only through
 * attachment(), which encodes whatever is left.
 */
export function safeFileName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? '';
  const name = Array.from(base.replace(UNSAFE_IN_NAME, '').trim()).slice(0, FILE_NAME_MAX).join('').trim();
  return /^\.*$/.test(name) ? 'evidence' : name;
}

/** The Content-Type a stored file is served with. */
export function contentTypeOf(mediaType: string): string {
  return mediaType === TEXT_EVIDENCE_TYPE ? `${TEXT_EVIDENCE_TYPE}; charset=utf-8` : mediaType;
}
