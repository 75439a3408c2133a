import { Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { IdColumn, RefColumn, TextColumn, TimestampColumn } from '../../database/columns';
import { User } from '../users/user.entity';

/** A sign-in. The token itself is never stored: only its SHA-256. */
@Entity('session')
@Index('uq_session_token_hash', ['tokenHash'], { unique: true })
@Index('idx_session_user', ['userId'])
export class Session {
  @IdColumn() id!: string;
  @TextColumn(64) tokenHash!: string;
  @RefColumn() userId!: string;
  @TimestampColumn() createdAt!: Date;
  @TimestampColumn() lastSeenAt!: Date;
  @TimestampColumn() expiresAt!: Date;
  @TimestampColumn({ nullable: true }) revokedAt!: Date | null;
  @TextColumn(64, { nullable: true }) ip!: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_session_user' })
  user?: User;
}
