import { Column, Entity } from 'typeorm';
import { TimestampColumn } from '../../database/columns';

/**
 * Failed sign-ins counted per key ("ip:<address>" or "account:<email>") in the database, so that every app
 * instance behind a load balancer sees the same counts.
 */
@Entity('login_throttle')
export class LoginThrottle {
  @Column({ type: 'varchar', length: 300, primary: true }) key!: string;
  @Column({ type: 'int', default: 0 }) failures!: number;
  @TimestampColumn() windowStart!: Date;
  @TimestampColumn({ nullable: true }) blockedUntil!: Date | null;
}
