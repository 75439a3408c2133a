import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Min } from 'class-validator';
import { ROSTER_STATUSES, type RosterStatus } from '../roster.state';

export class AcknowledgeRosterRequest {
  @ApiProperty({
    minimum: 0,
    description: "The roster's version that was read (GET …/roster): the acknowledgement is of that roster",
  })
  @IsInt()
  @Min(0)
  version!: number;
}

export class RosterChangesResponse {
  @ApiProperty({ description: 'Entries added since the last acknowledgement' }) added!: number;
  @ApiProperty({ description: 'Entries whose content changed since the last acknowledgement' })
  changed!: number;
  @ApiProperty({ description: 'Acknowledged entries removed since' }) removed!: number;
}

/** The roster of a contract as the body sees it: its acknowledgement (受理) state. */
export class RosterResponse {
  @ApiProperty({ format: 'uuid' }) contractId!: string;
  @ApiProperty({
    enum: ROSTER_STATUSES,
    description:
      'UNACKNOWLEDGED (never acknowledged), ACKNOWLEDGED, CHANGED (changed since, not acknowledged)',
  })
  status!: RosterStatus;
  @ApiProperty({ example: '変更あり・未受理' }) statusLabel!: string;
  @ApiProperty({
    description: 'Revision of the roster (版): every add, edit or removal counts it up; 0 before any',
  })
  version!: number;
  @ApiProperty() workerCount!: number;
  @ApiProperty({ description: "SHA-256 of the roster's current content" }) contentSha256!: string;
  @ApiProperty({ type: Number, nullable: true, description: 'The version that was last acknowledged' })
  acknowledgedVersion!: number | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) acknowledgedAt!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) acknowledgedBy!: string | null;
  @ApiProperty({ type: String, nullable: true }) acknowledgedByName!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'SHA-256 of the content acknowledged' })
  acknowledgedSha256!: string | null;
  @ApiProperty({ type: RosterChangesResponse, description: 'What changed since the last acknowledgement' })
  changes!: RosterChangesResponse;
  @ApiProperty({ description: 'OFFICER or ADMIN may acknowledge it now' }) canAcknowledge!: boolean;
}
