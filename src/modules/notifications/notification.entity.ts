import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { IdColumn, RefColumn, TextColumn, TimestampColumn } from '../../database/columns';
import { User } from '../users/user.entity';

/**
 * A message to one user, shown in the app and, when SMTP is configured, sent by e-mail. The dedupe key is
 * unique, so a reminder is created once however often (and on however many instances) the job runs.
 */
@Entity('notification')
@Index('uq_notification_dedupe', ['dedupeKey'], { unique: true })
@Index('idx_notification_user', ['userId', 'createdAt'])
@Index('idx_notification_unsent', ['emailedAt'])
export class Notification {
  @IdColumn() id!: string;
  @RefColumn() userId!: string;
  @TextColumn(40) kind!: string;
  @TextColumn(200) subject!: string;
  @Column({ type: 'text' }) body!: string;
  @TextColumn(300, { nullable: true }) link!: string | null;
  @TextColumn(200) dedupeKey!: string;
  @TimestampColumn({ nullable: true }) readAt!: Date | null;
  @TimestampColumn({ nullable: true }) emailedAt!: Date | null;
  @TimestampColumn() createdAt!: Date;

  @ManyToOne(() => User, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_notification_user' })
  user?: User;
}
