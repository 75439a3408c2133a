import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsUUID } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { createValidationPipe } from '../../../common/validation/validation.pipe';
import { lowerCaseId } from '../../contracts/dto/subcontract.dto';
import { EVIDENCE_OWNERS, type Evidence, type EvidenceOwnerType } from '../evidence.entity';
import { EvidenceErrors } from '../evidence.errors';

/** The text fields of the multipart upload, validated like any JSON body (documented by UPLOAD_BODY_SCHEMA). */
export class UploadEvidenceFields {
  @IsOptional()
  @Transform(lowerCaseId)
  @IsUUID()
  itemId?: string;

  @IsOptional()
  @Transform(lowerCaseId)
  @IsUUID()
  orderId?: string;

  @IsOptional()
  @Transform(lowerCaseId)
  @IsUUID()
  closeOutId?: string;
}

/** The multipart body as the service takes it. */
export interface EvidenceUpload {
  /**
   * Exactly one owner: an assessment item, an improvement order (evidence for its completion report), or a
   * contract's close-out (a 消去証明書 for its 返還・廃棄報告).
   */
  itemId?: string;
  orderId?: string;
  closeOutId?: string;
  /** As the client sent it; the service keeps only a sanitised copy. */
  fileName: string;
  bytes: Buffer;
}

/** The OpenAPI description of the multipart body. */
export const UPLOAD_BODY_SCHEMA = {
  type: 'object',
  required: ['file'],
  properties: {
    itemId: { type: 'string', format: 'uuid', description: 'The assessment item the file is evidence for' },
    orderId: {
      type: 'string',
      format: 'uuid',
      description: 'Or: the improvement order whose completion it supports',
    },
    closeOutId: {
      type: 'string',
      format: 'uuid',
      description:
        'Or: the close-out (返還・廃棄報告) whose 消去証明書 it is (give exactly one of the three)',
    },
    file: { type: 'string', format: 'binary', description: 'At most 10 MiB; the type is judged by content' },
  },
};

const validation = createValidationPipe();

/**
 * Reads `itemId` and one `file` from a multipart body. The global ValidationPipe cannot see a multipart body,
 * so the fields go through the same pipe here. The file is held in memory up to the parser's fileSize limit
 * (registered in app.factory); past it the parser discards the rest and this answers EVIDENCE.TOO_LARGE.
 */
export async function readEvidenceUpload(request: FastifyRequest): Promise<EvidenceUpload> {
  const fields: Record<string, unknown> = {};
  let file: { name: string; bytes: Buffer } | null = null;
  let strayFile = false;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        fields[part.fieldname] = part.valueTruncated ? null : part.value;
      } else if (part.fieldname === 'file' && !file) {
        file = { name: part.filename, bytes: await part.toBuffer() };
      } else {
        // Drained, not read: the body is consumed to its end before the answer goes out.
        part.file.resume();
        strayFile = true;
      }
    }
  } catch (error) {
    if (error instanceof request.server.multipartErrors.RequestFileTooLargeError)
      throw EvidenceErrors.tooLarge();
    throw error;
  }
  const { itemId, orderId, closeOutId } = (await validation.transform(fields, {
    type: 'body',
    metatype: UploadEvidenceFields,
  })) as UploadEvidenceFields;
  if ([itemId, orderId, closeOutId].filter((id) => id !== undefined).length !== 1)
    throw EvidenceErrors.ownerRequired();
  if (!file || strayFile) throw EvidenceErrors.fileRequired();
  return { itemId, orderId, closeOutId, fileName: file.name, bytes: file.bytes };
}

export class EvidenceResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: EVIDENCE_OWNERS }) ownerType!: EvidenceOwnerType;
  @ApiProperty({ format: 'uuid', description: 'The assessment item, improvement order or close-out' })
  ownerId!: string;
  @ApiProperty({ example: '点検結果報告.pdf', description: "The client's base name, sanitised" })
  fileName!: string;
  @ApiProperty({ example: 'application/pdf', description: 'Detected from the content' }) mediaType!: string;
  @ApiProperty({ example: 48213 }) size!: number;
  @ApiProperty({ example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' })
  sha256!: string;
  @ApiProperty({ format: 'uuid' }) uploadedBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export function toEvidenceResponse(e: Evidence): EvidenceResponse {
  return {
    id: e.id,
    ownerType: e.ownerType,
    ownerId: e.ownerId,
    fileName: e.fileName,
    mediaType: e.mediaType,
    size: e.size,
    sha256: e.sha256,
    uploadedBy: e.uploadedBy,
    createdAt: e.createdAt.toISOString(),
  };
}
