import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
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
 * 雇用形態 of a worker. Who may work on a contract (the 再委託 clauses): the officers of 乙 and of approved
 * sub-contractors (or the person themself where that party is an individual), the staff they employ, and the
 * dispatched workers they have taken in.
 *  - EMPLOYEE: an officer or employee of the employer (正社員、契約社員等を含む。).
 *  - DISPATCHED: a 派遣労働者 taken in by the employer; the agency that employs them is named too.
 *  - FREELANCE: the individual (個人事業主) who is themself the contracting party, 乙 or an approved
 *    sub-contractor, working in person. A freelancer engaged by a company under 請負・委任 is a sub-contract of
 *    its own and needs the body's approval first.
 * The sub-contracting tier is not a type: it follows from the employer (乙, or the approved tier it holds).
 */
export const EMPLOYMENT_TYPES = ['EMPLOYEE', 'DISPATCHED', 'FREELANCE'] as const;
export type EmploymentType = (typeof EMPLOYMENT_TYPES)[number];

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
  /** The contractor or approved sub-contractor the worker belongs to (for DISPATCHED: the one that took them in). */
  @RefColumn() employerContractorId!: string;
  @Column({ type: 'varchar', length: 20, default: 'EMPLOYEE' }) employmentType!: EmploymentType;
  /** 派遣元: the agency employing a DISPATCHED worker; null for every other type. */
  @TextColumn(200, { nullable: true }) dispatchAgencyName!: string | null;
  @TextColumn(100) role!: string;
  /** One of the contract's work places (any text while the contract names none). */
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
