import type { FastifyRequest } from 'fastify';
import { InvalidInputError, type DomainError } from '../../../common/errors/domain-error';
import { assertCleanStrings } from '../../../common/validation/string-guard';
import { detectEvidenceType, MAX_EVIDENCE_BYTES } from '../../evidence/media-types';
import { EvidenceErrors } from '../../evidence/evidence.errors';

/** One file chosen in a page form, held in memory until it is checked and stored. */
export interface PostedFile {
  /** The form field it came in (`file_<itemId>` on an assessment, `file` on an order). */
  field: string;
  fileName: string;
  bytes: Buffer;
  /** Past the limit of one file, or of all the files of one post: its bytes were not kept. */
  tooLarge: boolean;
  /** Past the number of files one post may attach: not kept either. */
  overCount: boolean;
}

/** A page form as posted: its text fields (a repeated name as a list) and its files. */
export interface PostedForm {
  body: Record<string, unknown>;
  files: PostedFile[];
}

/** How many files one post of a page form may carry. */
export const MAX_FILES_PER_POST = 20;
/** The most all the files of one post may weigh together, kept in memory while the post is handled. */
const MAX_BYTES_PER_POST = 3 * MAX_EVIDENCE_BYTES;

/** The most items an assessment form may cover (SaveAnswersRequest takes 500), each with its file input. */
const MAX_ITEMS = 500;

/**
 * A page form that carries files and text together: every answer and comment of a 500-item assessment (4,000
 * characters of up to 4 bytes each) and one file input per item. A browser sends a part for every file input,
 * an empty one for each left alone, so the parser's count is per input; at most MAX_FILES_PER_POST files with
 * content are kept. The plugin's own limits (app.factory) are for the API's upload of one file.
 */
const PAGE_FORM_LIMITS = {
  fileSize: MAX_EVIDENCE_BYTES,
  files: MAX_ITEMS,
  fields: 2 * MAX_ITEMS + 20,
  fieldNameSize: 100,
  fieldSize: 4_000 * 4 + 1_024,
  parts: 3 * MAX_ITEMS + 20,
  headerPairs: 20,
};

/**
 * Reads a page form whether it came as multipart/form-data (with files; its CSRF token came in the action URL)
 * or urlencoded (no files). Every part is read to the end even when a file is too large, so that all the text
 * typed in the form is there to show again: the file is marked and refused, the text is kept.
 */
export async function readPageForm(request: FastifyRequest): Promise<PostedForm> {
  if (!request.isMultipart()) {
    const body = request.body;
    return { body: body && typeof body === 'object' ? (body as Record<string, unknown>) : {}, files: [] };
  }
  const body: Record<string, unknown> = {};
  const files: PostedFile[] = [];
  let total = 0;
  // throwFileSizeLimit (read by the plugin, missing from its option type): a file past the limit is marked
  // truncated instead of ending the parse, so the fields after it are still read.
  const options = { limits: PAGE_FORM_LIMITS, throwFileSizeLimit: false } as Parameters<
    FastifyRequest['parts']
  >[0];
  for await (const part of request.parts(options)) {
    if (part.type === 'field') {
      if (part.fieldname === '_csrf') continue;
      add(body, part.fieldname, part.valueTruncated ? null : part.value);
      continue;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const overCount = files.length >= MAX_FILES_PER_POST;
    for await (const chunk of part.file as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (!overCount && total + size <= MAX_BYTES_PER_POST) chunks.push(chunk);
    }
    // A file input left empty still sends a part, with no name and no bytes.
    if (part.filename === '' && size === 0) continue;
    total += size;
    files.push({
      field: part.fieldname,
      fileName: part.filename,
      bytes: overCount ? Buffer.alloc(0) : Buffer.concat(chunks),
      tooLarge: part.file.truncated || total > MAX_BYTES_PER_POST,
      overCount,
    });
  }
  assertCleanStrings(body, 'body');
  return { body, files };
}

function add(body: Record<string, unknown>, name: string, value: unknown): void {
  const before = body[name];
  if (before === undefined) body[name] = value;
  else body[name] = Array.isArray(before) ? [...(before as unknown[]), value] : [before, value];
}

/**
 * Why the evidence store would refuse this file (the store's own checks and messages, made before anything is
 * written), or null when it would take it.
 */
export async function refusalOfFile(file: PostedFile): Promise<DomainError | null> {
  if (file.overCount) {
    return new InvalidInputError(
      'EVIDENCE.TOO_MANY_FILES',
      `一度に添付できる証跡ファイルは${MAX_FILES_PER_POST}件までです。残りのファイルは、保存した後に改めて選んでください。`,
      { maxFiles: MAX_FILES_PER_POST },
    );
  }
  if (file.tooLarge) return EvidenceErrors.tooLarge();
  if (file.bytes.length === 0) return EvidenceErrors.empty();
  if (!(await detectEvidenceType(file.bytes))) return EvidenceErrors.typeNotAllowed();
  return null;
}
