import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { IdColumn, RefColumn, TextColumn } from '../../database/columns';
import { Contract } from './contract.entity';

/**
 * A self-assessment question as signed with its clause. `form` REPORT marks an item of the 定期報告 form;
 * absent, a checklist question. Contracts approved before questions named their paragraph have no `basis`,
 * `advisory` or `requires`: they read as a duty of the whole article, required, with nothing extra asked.
 */
export interface FrozenQuestion {
  code: string;
  text: string;
  basis?: number | null;
  advisory?: boolean;
  requires?: ('comment' | 'evidence')[];
  crossCheck?: 'roster-training' | 'roster-changes';
  form?: 'REPORT';
}

/**
 * A clause picked for a contract. While the contract is a draft only the code and parameters are kept; at
 * approval the article number, heading and rendered text are frozen here with the catalogue version, so a
 * signed contract's text never changes when the catalogue does.
 */
@Entity('contract_clause')
@Index('uq_contract_clause', ['contractId', 'clauseCode'], { unique: true })
export class ContractClause {
  @IdColumn() id!: string;
  @RefColumn() contractId!: string;
  @TextColumn(60) clauseCode!: string;
  @Column({ type: 'simple-json' }) params!: Record<string, number | string>;
  @Column({ type: 'int', nullable: true }) articleNo!: number | null;
  @TextColumn(200, { nullable: true }) title!: string | null;
  /** Paragraphs separated by a line feed (a paragraph never contains one). */
  @Column({ type: 'text', nullable: true }) renderedText!: string | null;
  @TextColumn(64, { nullable: true }) catalogueVersion!: string | null;
  /** The clause's self-assessment questions as signed, frozen with the text at approval. */
  @Column({ type: 'simple-json', nullable: true }) questions!: FrozenQuestion[] | null;

  @ManyToOne(() => Contract, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'contract_id', foreignKeyConstraintName: 'fk_contract_clause_contract' })
  contract?: Contract;
}
