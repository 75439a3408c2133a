import { ConfigError, parseDatabaseUrl } from '../config/env';

// DATABASE_URL's `failover` list (issue 20): the other nodes of a cluster, tried in order when the host is down.
describe('DATABASE_URL failover list', () => {
  const parse = (url: string) => parseDatabaseUrl(url, '/tmp/data');

  it('should read host:port pairs, 3306 when the port is left out, and none by default', () => {
    expect(parse('mariadb://app:pw@db1:3306/itaku?failover=db2:3307,10.0.0.3,[fd00::4]:3308')).toMatchObject({
      host: 'db1',
      port: 3306,
      failover: [
        { host: 'db2', port: 3307 },
        { host: '10.0.0.3', port: 3306 },
        { host: 'fd00::4', port: 3308 },
      ],
    });
    expect(parse('mysql://app@db1/itaku')).toMatchObject({ failover: [] });
  });

  it.each(['db2:', 'db2:99999', 'db2:3306;drop', ',', 'db 2'])(
    'should stop the start, naming DATABASE_URL, on a wrong entry (%s)',
    (entry) => {
      expect(() => parse(`mariadb://app@db1/itaku?failover=${encodeURIComponent(entry)}`)).toThrow(
        ConfigError,
      );
      expect(() => parse(`mariadb://app@db1/itaku?failover=${encodeURIComponent(entry)}`)).toThrow(
        /DATABASE_URL failover/,
      );
    },
  );
});
