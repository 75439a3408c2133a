import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ANSWER_REQUIREMENTS,
  CROSS_CHECKS,
  type AnswerRequirement,
  type CrossCheck,
} from '../catalogue.types';
import type { ClauseParamResponse, ClauseQuestionResponse, ClauseResponse } from '../clause.mapper';

/** OpenAPI shapes of GET /api/clauses (the mapper builds the values). */
export class ClauseParamDoc implements ClauseParamResponse {
  @ApiProperty({ example: 'reportHours' }) name!: string;
  @ApiProperty({ example: '第一報の期限' }) label!: string;
  @ApiProperty({ enum: ['integer', 'text', 'enum'] }) type!: 'integer' | 'text' | 'enum';
  @ApiPropertyOptional({ oneOf: [{ type: 'integer' }, { type: 'string' }] }) default?: number | string;
  @ApiPropertyOptional() min?: number;
  @ApiPropertyOptional() max?: number;
  @ApiPropertyOptional() maxLength?: number;
  @ApiPropertyOptional({ type: String, isArray: true }) values?: string[];
  @ApiPropertyOptional({ enum: ['workLocation'] }) defaultFrom?: 'workLocation';
  @ApiPropertyOptional({ example: '時間' }) unit?: string;
}

export class ClauseQuestionDoc implements ClauseQuestionResponse {
  @ApiProperty({ example: 'INCIDENT_REPORT-01' }) code!: string;
  @ApiProperty() text!: string;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'The paragraph (第n項) of the clause that imposes the duty checked; null when advisory',
  })
  basis!: number | null;
  @ApiProperty({
    description:
      'Good practice the clause does not require: a finding is a recommendation (推奨事項), never a breach',
  })
  advisory!: boolean;
  @ApiProperty({
    enum: ANSWER_REQUIREMENTS,
    isArray: true,
    description: 'Required with the answer even when it is IMPLEMENTED',
  })
  requires!: AnswerRequirement[];
  @ApiPropertyOptional({ enum: CROSS_CHECKS, description: 'Compared with the worker roster on review' })
  crossCheck?: CrossCheck;
}

export class ClauseDoc implements ClauseResponse {
  @ApiProperty({ example: 'INCIDENT_REPORT' }) code!: string;
  @ApiProperty({ description: 'Position among the articles of the 特記事項' }) order!: number;
  @ApiProperty({ example: '事故発生時の報告' }) title!: string;
  @ApiProperty({ type: String, isArray: true, description: 'Paragraph texts with {{param}} placeholders' })
  paragraphs!: string[];
  @ApiProperty({ type: ClauseParamDoc, isArray: true }) params!: ClauseParamDoc[];
  @ApiProperty({ type: Number, isArray: true, description: 'MIC model guideline contract items (1–13)' })
  micItems!: number[];
  @ApiProperty({ type: String, isArray: true, example: ['5.20'] }) isoControls!: string[];
  @ApiProperty({
    description: 'When the clause applies',
    example: { always: true },
    type: 'object',
    additionalProperties: true,
  })
  appliesWhen!: ClauseResponse['appliesWhen'];
  @ApiProperty({ description: 'Cannot be dropped when it applies' }) mandatory!: boolean;
  @ApiProperty({ description: 'Pre-selected when optional' }) defaultSelected!: boolean;
  @ApiProperty({ type: String, isArray: true }) excludes!: string[];
  @ApiProperty() forbidsSubcontracting!: boolean;
  @ApiProperty({ type: ClauseQuestionDoc, isArray: true, description: 'The annual checklist (CHECKLIST)' })
  questions!: ClauseQuestionDoc[];
  @ApiProperty({
    type: ClauseQuestionDoc,
    isArray: true,
    description: 'The periodic report form (REPORT), answered YES or NO; on one clause only',
  })
  reportItems!: ClauseQuestionDoc[];
}

export class ClauseCatalogueResponse {
  @ApiProperty({ description: 'SHA-256 of the catalogue content' }) version!: string;
  @ApiProperty({ type: ClauseDoc, isArray: true }) items!: ClauseDoc[];
}
