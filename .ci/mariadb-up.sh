#!/usr/bin/env bash
# Makes sure a MariaDB server answers on 127.0.0.1:3306 as root with an empty password (the test setup), starting
# it if needed and fixing a fresh Debian install's root access (TOOLCHAIN.md). Exits non-zero if it cannot.
set -euo pipefail

reachable() { mariadb --protocol=tcp -h127.0.0.1 -P3306 -uroot -e 'SELECT 1' >/dev/null 2>&1; }

if ! reachable; then
  if ! mariadb-admin ping >/dev/null 2>&1; then
    echo "starting mariadbd"
    mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld 2>/dev/null || true
    if [ ! -d /var/lib/mysql/mysql ]; then
      mariadb-install-db --user=mysql --datadir=/var/lib/mysql >/dev/null
    fi
    start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- --user=mysql
    for _ in $(seq 1 60); do
      mariadb-admin ping >/dev/null 2>&1 && break
      sleep 1
    done
  fi
  # A fresh Debian MariaDB lets root in only through the socket: allow the empty-password TCP login the tests use.
  mariadb -uroot <<'SQL' || true
ALTER USER root@localhost IDENTIFIED VIA mysql_native_password USING PASSWORD('') OR unix_socket;
CREATE USER IF NOT EXISTS root@'127.0.0.1' IDENTIFIED BY '';
GRANT ALL PRIVILEGES ON *.* TO root@'127.0.0.1' WITH GRANT OPTION;
FLUSH PRIVILEGES;
SQL
fi

if ! reachable; then
  echo "ERROR: MariaDB is not reachable on 127.0.0.1:3306 as root; the MariaDB half of the suite cannot run." >&2
  exit 1
fi
mariadb --protocol=tcp -h127.0.0.1 -P3306 -uroot -N -e 'SELECT VERSION()'
