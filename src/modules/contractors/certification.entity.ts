import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { DateColumn, IdColumn, RefColumn, TextColumn, TimestampColumn } from '../../database/columns';
import { Contractor } from './contractor.entity';

export const CERTIFICATION_TYPES = [
  'ISMS',
  'PRIVACY_MARK',
  'ISMAP',
  'ISMAP_LIU',
  'ISO27017',
  'ISO27018',
  'OTHER',
] as const;
export type CertificationType = (typeof CERTIFICATION_TYPES)[number];

@Entity('certification')
@Index('idx_certification_contractor', ['contractorId'])
@Index('idx_certification_valid_until', ['validUntil'])
export class Certification {
  @IdColumn() id!: string;
  @RefColumn() contractorId!: string;
  @TextColumn(20) type!: CertificationType;
  @TextColumn(100) registrationNumber!: string;
  @TextColumn(200) issuer!: string;
  @DateColumn() validFrom!: string;
  @DateColumn() validUntil!: string;
  /**
   * 適用範囲 as the certificate states it (the sites and the activities covered); null: not recorded. The selection
   * record flags a certification whose scope is not recorded or does not name the contract's work places.
   */
  @Column({ type: 'text', nullable: true }) scope!: string | null;
  @TimestampColumn() createdAt!: Date;

  @ManyToOne(() => Contractor, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'contractor_id', foreignKeyConstraintName: 'fk_certification_contractor' })
  // Relation<>: the two entity files import each other, and a bare class type here would be read while
  // Contractor is still being defined.
  contractor?: Relation<Contractor>;
}
