#!/usr/bin/env bash
# A three-node MariaDB Galera cluster on loopback, for the cluster suite (test/cluster) and the cluster bench.
# Every node has its own data folder, socket, pid file and ports under CLUSTER_DIR; the server on 3306 is never
# touched. Usage:
#   galera.sh start            initialise the three data folders, bootstrap node 1, join nodes 2 and 3, wait Synced
#   galera.sh stop             stop every node (SIGTERM, then SIGKILL) and remove CLUSTER_DIR
#   galera.sh kill N           SIGKILL node N (a crash: no clean leave)
#   galera.sh rejoin N         start node N again on its data folder (IST from a donor), wait until Synced
#   galera.sh wait-size K      wait until every running node sees a primary component of K nodes, all Synced
#   galera.sh status           one line per node: port, cluster size, state
#   galera.sh start-plain      node 0 alone, wsrep off, otherwise the nodes' settings (the bench's baseline)
# The nodes run as the mysql user (rsync SST's daemon drops root to nobody, which could not write a root-owned data
# folder), so CLUSTER_DIR must sit where mysql can reach it: not under a private (0700) temp folder.
# Settings (environment): CLUSTER_DIR (default /var/tmp/itaku-galera), CLUSTER_BASE_PORT (default 13300: node N
# listens for SQL on BASE+N (node 0, the plain one, on BASE), Galera on BASE+10+N, IST on BASE+20+N, SST on BASE+30+N), CLUSTER_SST (rsync or
# mariabackup; default rsync).
set -euo pipefail

DIR="${CLUSTER_DIR:-/var/tmp/itaku-galera}"
BASE="${CLUSTER_BASE_PORT:-13300}"
SST="${CLUSTER_SST:-rsync}"
PROVIDER=/usr/lib/galera/libgalera_smm.so
NODES=(1 2 3)

sql_port() { echo $((BASE + $1)); }
gcomm_port() { echo $((BASE + 10 + $1)); }
ist_port() { echo $((BASE + 20 + $1)); }
sst_port() { echo $((BASE + 30 + $1)); }
node_dir() { echo "$DIR/node$1"; }
# The pid the launch recorded (setsid execs mariadbd in place), not the server's pid file, which a kill leaves stale.
pid_of() { cat "$(node_dir "$1")/node.pid" 2>/dev/null || true; }
alive() { local pid; pid="$(pid_of "$1")"; [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; }
q() { mariadb --protocol=tcp -h127.0.0.1 -P"$(sql_port "$1")" -uroot -N -B -e "$2" 2>/dev/null; }

need() {
  local missing=()
  [ -x /usr/sbin/mariadbd ] || missing+=("mariadbd (mariadb-server)")
  [ -f "$PROVIDER" ] || missing+=("$PROVIDER (galera-4)")
  command -v mariadb-install-db >/dev/null || missing+=("mariadb-install-db (mariadb-server)")
  if [ "$SST" = rsync ]; then command -v rsync >/dev/null || missing+=("rsync"); fi
  if [ "$SST" = mariabackup ]; then command -v mariadb-backup >/dev/null || missing+=("mariadb-backup"); fi
  if [ ${#missing[@]} -gt 0 ]; then
    echo "galera.sh: missing ${missing[*]}" >&2
    exit 1
  fi
}

write_config() {
  local n=$1 d
  d="$(node_dir "$n")"
  local members=()
  for m in "${NODES[@]}"; do members+=("127.0.0.1:$(gcomm_port "$m")"); done
  local address
  address="$(IFS=,; echo "${members[*]}")"
  cat >"$d/my.cnf" <<CNF
[mariadbd]
user = mysql
datadir = $d/data
socket = $d/mariadbd.sock
pid-file = $d/mariadbd.pid
log-error = $d/error.log
tmpdir = $d/tmp
bind-address = 127.0.0.1
port = $(sql_port "$n")
skip-name-resolve
character_set_server = utf8mb4
collation_server = utf8mb4_unicode_ci
# What Galera requires: row events, InnoDB, interleaved auto-increment locks.
binlog_format = ROW
default_storage_engine = InnoDB
innodb_autoinc_lock_mode = 2
innodb_buffer_pool_size = 64M
innodb_log_file_size = 48M
innodb_flush_log_at_trx_commit = 2
max_connections = 200
wsrep_on = $([ "$n" = 0 ] && echo OFF || echo ON)
wsrep_provider = $PROVIDER
wsrep_cluster_name = itaku_test
wsrep_cluster_address = gcomm://$address
wsrep_node_name = node$n
wsrep_node_address = 127.0.0.1:$(gcomm_port "$n")
wsrep_node_incoming_address = 127.0.0.1:$(sql_port "$n")
wsrep_provider_options = "base_host=127.0.0.1;base_port=$(gcomm_port "$n");ist.recv_addr=127.0.0.1:$(ist_port "$n");gcache.size=128M;evs.inactive_timeout=PT6S;evs.suspect_timeout=PT3S"
wsrep_sst_method = $SST
wsrep_sst_receive_address = 127.0.0.1:$(sst_port "$n")
wsrep_slave_threads = 2
# Read-your-writes across nodes: a read waits until the node has applied what the cluster committed before it.
wsrep_sync_wait = 1
CNF
}

start_node() {
  local n=$1 extra=${2:-}
  local d
  d="$(node_dir "$n")"
  # setsid: the node outlives this script and is not hit by the caller's signals.
  TMPDIR="$d/tmp" setsid /usr/sbin/mariadbd --defaults-file="$d/my.cnf" $extra </dev/null >>"$d/stdout.log" 2>&1 &
  echo $! >"$d/node.pid"
}

wait_synced() {
  local n=$1 deadline=$((SECONDS + ${2:-90}))
  while [ $SECONDS -lt $deadline ]; do
    if [ "$(q "$n" "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME='wsrep_local_state_comment'")" = Synced ]; then
      return 0
    fi
    if ! alive "$n"; then
      echo "galera.sh: node $n exited while starting; its log:" >&2
      tail -n 40 "$(node_dir "$n")/error.log" >&2 || true
      return 1
    fi
    sleep 0.5
  done
  echo "galera.sh: node $n not Synced within ${2:-90} s; its log:" >&2
  tail -n 40 "$(node_dir "$n")/error.log" >&2 || true
  return 1
}

wait_size() {
  local want=$1 deadline=$((SECONDS + ${2:-90}))
  while [ $SECONDS -lt $deadline ]; do
    local ok=1
    for n in "${NODES[@]}"; do
      alive "$n" || continue
      local row
      row="$(q "$n" "SELECT GROUP_CONCAT(VARIABLE_VALUE ORDER BY VARIABLE_NAME SEPARATOR ' ') FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME IN ('wsrep_cluster_size','wsrep_cluster_status','wsrep_local_state_comment')" || true)"
      # ORDER BY name: cluster_size, cluster_status, local_state_comment
      [ "$row" = "$want Primary Synced" ] || ok=0
    done
    [ $ok = 1 ] && return 0
    sleep 0.5
  done
  echo "galera.sh: the cluster did not reach $want Synced nodes within ${2:-90} s" >&2
  status >&2
  return 1
}

status() {
  for n in "${NODES[@]}"; do
    if alive "$n"; then
      echo "node$n port=$(sql_port "$n") $(q "$n" "SELECT GROUP_CONCAT(CONCAT(VARIABLE_NAME,'=',VARIABLE_VALUE) ORDER BY VARIABLE_NAME SEPARATOR ' ') FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME IN ('wsrep_cluster_size','wsrep_cluster_status','wsrep_local_state_comment')" || echo unreachable)"
    else
      echo "node$n port=$(sql_port "$n") down"
    fi
  done
}

start() {
  need
  if [ -e "$DIR" ]; then
    echo "galera.sh: $DIR exists (a cluster running or left behind): run 'galera.sh stop' first" >&2
    exit 1
  fi
  for n in "${NODES[@]}"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$(sql_port "$n")") 2>/dev/null; then
      echo "galera.sh: port $(sql_port "$n") is taken (a node left running?): choose another CLUSTER_BASE_PORT" >&2
      exit 1
    fi
  done
  mkdir -p "$DIR"
  chown mysql:mysql "$DIR"
  if ! runuser -u mysql -- test -w "$DIR"; then
    rmdir "$DIR"
    echo "galera.sh: the mysql user cannot write $DIR (a parent folder is private): choose another CLUSTER_DIR" >&2
    exit 1
  fi
  for n in "${NODES[@]}"; do
    mkdir -p "$(node_dir "$n")/data" "$(node_dir "$n")/tmp"
    write_config "$n"
    chown -R mysql:mysql "$(node_dir "$n")"
    TMPDIR="$(node_dir "$n")/tmp" mariadb-install-db --defaults-file="$(node_dir "$n")/my.cnf" --auth-root-authentication-method=normal \
      --skip-test-db >"$(node_dir "$n")/install.log" 2>&1 || {
      cat "$(node_dir "$n")/install.log" >&2
      exit 1
    }
  done
  chown -R mysql:mysql "$DIR"
  start_node 1 --wsrep-new-cluster
  wait_synced 1
  # Root over TCP without a password, as on the test server on 3306 (replicated to the joiners by SST).
  q 1 "CREATE USER IF NOT EXISTS root@'127.0.0.1' IDENTIFIED BY ''; GRANT ALL ON *.* TO root@'127.0.0.1' WITH GRANT OPTION" ||
    mariadb -S "$(node_dir 1)/mariadbd.sock" -uroot -e "CREATE USER IF NOT EXISTS root@'127.0.0.1' IDENTIFIED BY ''; GRANT ALL ON *.* TO root@'127.0.0.1' WITH GRANT OPTION"
  # One joiner at a time: two SSTs from the same donor would queue anyway.
  for n in 2 3; do
    start_node "$n"
    wait_synced "$n" 120
  done
  wait_size 3
  status
}

stop() {
  for n in 0 "${NODES[@]}"; do
    local pid
    pid="$(pid_of "$n")"
    [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null || true
  done
  for n in 0 "${NODES[@]}"; do
    local pid
    pid="$(pid_of "$n")"
    [ -n "$pid" ] || continue
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  rm -rf "$DIR"
}

start_plain() {
  need
  local d
  d="$(node_dir 0)"
  if [ -e "$d" ]; then
    echo "galera.sh: $d exists: run 'galera.sh stop' first" >&2
    exit 1
  fi
  mkdir -p "$DIR" "$d/data" "$d/tmp"
  write_config 0
  chown -R mysql:mysql "$DIR"
  TMPDIR="$d/tmp" mariadb-install-db --defaults-file="$d/my.cnf" --auth-root-authentication-method=normal \
    --skip-test-db >"$d/install.log" 2>&1 || {
    cat "$d/install.log" >&2
    exit 1
  }
  start_node 0
  local deadline=$((SECONDS + 60))
  until mariadb -S "$d/mariadbd.sock" -uroot -e "CREATE USER IF NOT EXISTS root@'127.0.0.1' IDENTIFIED BY ''; GRANT ALL ON *.* TO root@'127.0.0.1' WITH GRANT OPTION" 2>/dev/null; do
    if ! alive 0 || [ $SECONDS -gt $deadline ]; then
      tail -n 40 "$d/error.log" >&2 || true
      exit 1
    fi
    sleep 0.5
  done
  echo "node0 port=$(sql_port 0) plain (wsrep off)"
}

case "${1:-}" in
  start) start ;;
  start-plain) start_plain ;;
  stop) stop ;;
  kill)
    pid="$(pid_of "$2")"
    [ -n "$pid" ] && kill -KILL "$pid"
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
    ;;
  rejoin)
    start_node "$2"
    wait_synced "$2" 120
    ;;
  wait-size) wait_size "$2" "${3:-90}" ;;
  status) status ;;
  *)
    sed -n '2,15p' "$0" >&2
    exit 2
    ;;
esac
