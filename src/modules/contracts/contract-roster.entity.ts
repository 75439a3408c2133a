import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { RefColumn, TextColumn, TimestampColumn } from '../../database/columns';
import { User } from '../users/user.entity';
import { Contract } from './contract.entity';
import type { RosterStatus } from './roster.state';

/**
 * The body's acknowledgement (受理) of a contract's worker roster (従事者名簿 clause: the roster is submitted to
 * 甲, and every change is notified to 甲 beforehand). One row per contract, made by the roster's first change;
 * without a row the roster has never been acknowledged. `revision` counts every change (add, edit, removal) and is
 * the version an officer acknowledges: what was acknowledged stays recorded (revision, the SHA-256 of the roster's
 * content, each worker's version, who and when) until the next acknowledgement.
 */
@Entity('contract_roster')
export class ContractRoster {
  @PrimaryColumn({ type: 'varchar', length: 36 }) contractId!: string;
  @TextColumn(20) status!: RosterStatus;
  @Column({ type: 'int' }) revision!: number;
  @Column({ type: 'int', nullable: true }) acknowledgedRevision!: number | null;
  @TextColumn(64, { nullable: true }) acknowledgedSha256!: string | null;
  /** Worker id → the worker's version at the acknowledgement: which entries the acknowledgement covers. */
  @Column({ type: 'simple-json', nullable: true }) acknowledgedWorkers!: Record<string, number> | null;
  @TimestampColumn({ nullable: true }) acknowledgedAt!: Date | null;
  @RefColumn({ nullable: true }) acknowledgedBy!: string | null;
  @TimestampColumn() updatedAt!: Date;

  @ManyToOne(() => Contract, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'contract_id', foreignKeyConstraintName: 'fk_contract_roster_contract' })
  contract?: Contract;

  @ManyToOne(() => User, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'acknowledged_by', foreignKeyConstraintName: 'fk_contract_roster_acknowledged_by' })
  acknowledger?: User;
}
