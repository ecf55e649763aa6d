#!/bin/sh
# A throwaway PostgreSQL server for the tests: server.sh start|stop DIR.
#
# start: makes a cluster in DIR (initdb; as the postgres user when run as
# root, since initdb refuses root), starts it listening on a Unix socket in
# DIR only (no TCP), on a free port number, and writes the connection
# string the tests use to DIR/conninfo. Fails (exit status 1) when the
# server cannot start: the tests must not run without it.
# The role leadbook_password, when a test creates it, must log in with its
# password; every other local user is trusted.
# stop: stops the server and removes DIR.
set -eu

action=${1:?usage: server.sh start|stop DIR}
dir=${2:?usage: server.sh start|stop DIR}

bindir=${LEADBOOK_PG_BINDIR:-}
if [ -z "$bindir" ]; then
    for candidate in /usr/lib/postgresql/*/bin; do
        [ -x "$candidate/initdb" ] && bindir=$candidate
    done
fi
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
    echo "server.sh: no initdb found (install Debian's postgresql-15 package)" >&2
    exit 1
fi

# As root, the server's files belong to the postgres user.
as_owner() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

case $action in
start)
    if [ -f "$dir/data/postmaster.pid" ]; then
        as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then
        chown postgres "$dir"
        user=postgres
    else
        user=$(id -un)
    fi
    as_owner "$bindir/initdb" -D "$dir/data" -A trust -E UTF8 --locale=C.UTF-8 -U "$user" \
        >"$dir/initdb.log" 2>&1 || {
        cat "$dir/initdb.log" >&2
        exit 1
    }
    # One role logs in by password (the tests of a wrong password): its
    # line comes before the ones that trust every local user.
    as_owner sh -c "{ echo 'local all leadbook_password scram-sha-256'; \
        cat '$dir/data/pg_hba.conf'; } >'$dir/data/pg_hba.new' && \
        mv '$dir/data/pg_hba.new' '$dir/data/pg_hba.conf'"
    # A free port: the socket lives in DIR, so only its number must not clash
    # with a server whose socket is in DIR too (none); ask the system anyway.
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses='' -c unix_socket_directories='$dir' -p $port -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=200" \
        start >/dev/null || {
        cat "$dir/server.log" >&2
        exit 1
    }
    printf 'host=%s port=%s user=%s\n' "$dir" "$port" "$user" >"$dir/conninfo"
    chmod a+r "$dir/conninfo"
    echo "PostgreSQL started in $dir (port $port)"
    ;;
stop)
    if [ -f "$dir/data/postmaster.pid" ]; then
        as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    fi
    rm -rf "$dir"
    ;;
*)
    echo "usage: server.sh start|stop DIR" >&2
    exit 2
    ;;
esac
