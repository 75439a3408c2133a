import { Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import {
  DateColumn,
  IdColumn,
  RefColumn,
  TextColumn,
  TimestampColumn,
  VersionColumn,
} from '../../database/columns';
import { Contractor } from '../contractors/contractor.entity';
import { Contract } from './contract.entity';

/**
 * One named person on the worker roster (従事者名簿) of a contract, with the company that employs them: the
 * contractor itself or an approved sub-contractor, never anyone else.
 */
@Entity('contract_worker')
@Index('idx_contract_worker_contract', ['contractId', 'createdAt'])
export class ContractWorker {
  @IdColumn() id!: string;
  @RefColumn() contractId!: string;
  @TextColumn(100) name!: string;
  @RefColumn() employerContractorId!: string;
  @TextColumn(100) role!: string;
  @TextColumn(200) workLocation!: string;
  /** Date of the latest security training. */
  @DateColumn({ nullable: true }) trainingDate!: string | null;
  /** Date the confidentiality pledge (誓約書) was signed. */
  @DateColumn({ nullable: true }) pledgeDate!: string | null;
  @VersionColumn() version!: number;
  @TimestampColumn() createdAt!: Date;
  @TimestampColumn() updatedAt!: Date;

  @ManyToOne(() => Contract, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'contract_id', foreignKeyConstraintName: 'fk_contract_worker_contract' })
  contract?: Contract;

  @ManyToOne(() => Contractor, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'employer_contractor_id', foreignKeyConstraintName: 'fk_contract_worker_employer' })
  employer?: Contractor;
}
