import { Module } from '@nestjs/common';
import { DocumentRenderer } from './document-renderer.service';

/**
 * PDF documents (DESIGN.md, Documents). DocumentRenderer takes its defaults; to set threads or queue length,
 * provide DOCUMENT_RENDERER_OPTIONS (see document-renderer.service.ts).
 */
@Module({
  providers: [DocumentRenderer],
  exports: [DocumentRenderer],
})
export class DocumentsModule {}
