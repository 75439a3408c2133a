import { Column, Entity, Index, OneToMany } from 'typeorm';
import { IdColumn, TextColumn, TimestampColumn, VersionColumn } from '../../database/columns';
import { Certification } from './certification.entity';

export const CONTRACTOR_STATUSES = ['ACTIVE', 'SUSPENDED', 'ARCHIVED'] as const;
export type ContractorStatus = (typeof CONTRACTOR_STATUSES)[number];

/** A company the body outsources work to (受託者), sub-contractors included (policy Art. 2(3)). */
@Entity('contractor')
@Index('uq_contractor_corporate_number', ['corporateNumber'], { unique: true })
@Index('idx_contractor_created', ['createdAt', 'id'])
@Index('idx_contractor_status', ['status'])
export class Contractor {
  @IdColumn() id!: string;
  /** 法人番号; null for sole proprietors, who have none. */
  @TextColumn(13, { nullable: true }) corporateNumber!: string | null;
  @TextColumn(200) name!: string;
  @TextColumn(200, { nullable: true }) nameKana!: string | null;
  @TextColumn(300) address!: string;
  @TextColumn(100) representativeName!: string;
  @TextColumn(100) securityOfficerName!: string;
  @TextColumn(254) securityOfficerEmail!: string;
  @TextColumn(30) securityOfficerPhone!: string;
  @TextColumn(20) status!: ContractorStatus;
  @Column({ type: 'text', nullable: true }) notes!: string | null;
  @VersionColumn() version!: number;
  @TimestampColumn() createdAt!: Date;
  @TimestampColumn() updatedAt!: Date;

  /** Loaded only where asked for (a contractor read by id). */
  @OneToMany(() => Certification, (c) => c.contractor)
  certifications?: Certification[];
}
