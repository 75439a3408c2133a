import { Logger } from '@nestjs/common';
import { createConnection } from 'mysql2/promise';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { isConnectionError } from '../common/errors/db-errors';

interface Node {
  host: string;
  port: number;
}

type Callback = (error: Error | null, connection?: unknown) => void;

interface Mysql2Pool {
  config: { connectionConfig: { host: string; port: number } };
  getConnection(callback: Callback): void;
}

/**
 * Connection failover across the nodes of a multi-primary cluster (Galera, MySQL Group Replication in
 * multi-primary mode), for DATABASE_URL's `?failover=` list. mysql2 connects to one host: every new pooled
 * connection copies the pool's connection settings, so when a new connection cannot reach its node the pool is
 * pointed at the next node and the connection tried again there, each node once. Connections open on a node that
 * dies fail with it (those requests answer 503, and what they had not committed is not acknowledged); the pool
 * then reconnects to a live node and stays there (no fail-back, since every node of the cluster serves every request).
 */
export async function initializeOnAnyNode(options: DataSourceOptions, others: Node[]): Promise<DataSource> {
  if ((options.type !== 'mysql' && options.type !== 'mariadb') || others.length === 0) {
    return new DataSource(options).initialize();
  }
  const nodes = [{ host: options.host ?? 'localhost', port: options.port ?? 3306 }, ...others];
  // At start-up too: the first node may be the one that is down.
  for (let i = 0; ; i++) {
    try {
      const dataSource = await new DataSource({ ...options, ...nodes[i] }).initialize();
      enableFailover(dataSource, nodes, i);
      return dataSource;
    } catch (error) {
      if (i + 1 >= nodes.length || !isConnectionError(error)) throw error;
      new Logger('DatabaseFailover').warn(
        { node: `${nodes[i].host}:${nodes[i].port}`, err: (error as Error).message },
        'database node unreachable at start-up; trying the next node',
      );
    }
  }
}

function enableFailover(dataSource: DataSource, nodes: Node[], start: number): void {
  const logger = new Logger('DatabaseFailover');
  const pool = (dataSource.driver as unknown as { pool: Mysql2Pool }).pool;
  const settings = pool.config.connectionConfig;
  let current = start;
  const getConnection = pool.getConnection.bind(pool);
  pool.getConnection = (callback: Callback) => {
    const attempt = (tried: number): void => {
      getConnection((error, connection) => {
        if (error && isConnectionError(error) && tried + 1 < nodes.length) {
          const from = nodes[current];
          current = (current + 1) % nodes.length;
          settings.host = nodes[current].host;
          settings.port = nodes[current].port;
          logger.warn(
            {
              from: `${from.host}:${from.port}`,
              to: `${settings.host}:${settings.port}`,
              err: error.message,
            },
            'database node unreachable; new connections go to the next node',
          );
          attempt(tried + 1);
          return;
        }
        callback(error, connection);
      });
    };
    attempt(0);
  };
}

interface NodeList extends Node {
  username: string;
  password: string;
  database: string;
  failover: Node[];
}

/**
 * The first node of DATABASE_URL's list (the host, then `?failover=`) that answers a query, for the tools that
 * connect on their own (mariadb-dump): they know one host only, and the first may be the one that is down.
 */
export async function firstReachableNode(db: NodeList): Promise<Node> {
  const nodes = [{ host: db.host, port: db.port }, ...db.failover];
  for (let i = 0; ; i++) {
    try {
      const connection = await createConnection({
        ...nodes[i],
        user: db.username,
        password: db.password,
        database: db.database,
        connectTimeout: 5000,
      });
      try {
        // A Galera node that is not in the primary component accepts the connection but not the query.
        await connection.query('SELECT 1');
      } finally {
        await connection.end().catch(() => undefined);
      }
      return nodes[i];
    } catch (error) {
      if (i + 1 >= nodes.length || !isConnectionError(error)) throw error;
      new Logger('DatabaseFailover').warn(
        { node: `${nodes[i].host}:${nodes[i].port}`, err: (error as Error).message },
        'database node unreachable; trying the next node',
      );
    }
  }
}
