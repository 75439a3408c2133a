import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { IdColumn, RefColumn, TextColumn, TimestampColumn, VersionColumn } from '../../database/columns';
import { Contractor } from '../contractors/contractor.entity';

export const ROLES = ['ADMIN', 'OFFICER', 'CONTRACTOR', 'AUDITOR'] as const;
export type Role = (typeof ROLES)[number];

@Entity('user')
@Index('uq_user_email', ['email'], { unique: true })
@Index('idx_user_contractor', ['contractorId'])
export class User {
  @IdColumn() id!: string;
  @TextColumn(254) email!: string;
  @TextColumn(100) displayName!: string;
  @TextColumn(200) passwordHash!: string;
  @TextColumn(20) role!: Role;
  /** Set if and only if the role is CONTRACTOR. */
  @RefColumn({ nullable: true }) contractorId!: string | null;
  @Column({ type: 'boolean', default: true }) active!: boolean;
  @Column({ type: 'int', default: 0 }) failedLogins!: number;
  @TimestampColumn({ nullable: true }) lockedUntil!: Date | null;
  @TimestampColumn({ nullable: true }) lastLoginAt!: Date | null;
  @VersionColumn() version!: number;
  @TimestampColumn() createdAt!: Date;
  @TimestampColumn() updatedAt!: Date;

  @ManyToOne(() => Contractor, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'contractor_id', foreignKeyConstraintName: 'fk_user_contractor' })
  contractor?: Contractor;
}
