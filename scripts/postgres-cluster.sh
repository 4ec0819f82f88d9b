# A throwaway PostgreSQL cluster for the scripts (sourced, not run): initdb into a temporary folder,
# pg_ctl on a free loopback port, stopped and removed by `stop_cluster`. As root the programs run as
# the `postgres` user (as Tests/TestSupport/PostgresCluster.swift does).
#
#   . scripts/postgres-cluster.sh
#   postgres_bin || { echo "skipped: PostgreSQL is not installed"; exit 0; }
#   start_cluster [SERVER-OPTIONS]; trap stop_cluster EXIT
#   create_database NAME           # then use "$server/NAME" as --db

# Sets `pg_bin` to the folder of initdb and pg_ctl; fails where PostgreSQL is not installed.
postgres_bin() {
    pg_bin=$(command -v initdb >/dev/null 2>&1 && dirname "$(readlink -f "$(command -v initdb)")" \
        || ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
    [ -n "$pg_bin" ] && [ -x "$pg_bin/initdb" ]
}

# Starts the cluster; sets `cluster_dir`, `port` and `server` (postgres://posture@127.0.0.1:PORT).
start_cluster() {
    cluster_dir=$(mktemp -d)
    as_owner=()
    if [ "$(id -u)" = 0 ]; then
        # The postgres user through runuser, or, where that user cannot even open /dev/null (some
        # sandboxes), a user namespace as that user's id.
        if /usr/sbin/runuser -u postgres -- /bin/sh -c 'exec >/dev/null' 2>/dev/null; then
            chown postgres "$cluster_dir"
            as_owner=(/usr/sbin/runuser -u postgres --)
        else
            as_owner=(/usr/bin/unshare --user --map-user="$(id -u postgres)" --map-group="$(id -g postgres)")
        fi
    fi
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    "${as_owner[@]}" "$pg_bin/initdb" -D "$cluster_dir/data" -U posture --auth=trust --no-sync -E UTF8 \
        --locale=C >/dev/null
    "${as_owner[@]}" "$pg_bin/pg_ctl" -D "$cluster_dir/data" -l "$cluster_dir/server.log" -w \
        -o "-p $port -h 127.0.0.1 -k $cluster_dir $*" start >/dev/null
    server="postgres://posture@127.0.0.1:$port"
}

# Creates database NAME on the cluster.
create_database() {
    "${as_owner[@]}" "$pg_bin/psql" -q -h 127.0.0.1 -p "$port" -U posture -d postgres -c "CREATE DATABASE $1"
}

# Stops the cluster and removes its folder.
stop_cluster() {
    "${as_owner[@]}" "$pg_bin/pg_ctl" -D "$cluster_dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$cluster_dir"
}
