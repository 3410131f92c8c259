#!/bin/sh
# SPDX-License-Identifier: MIT
# CTest fixture stale_clusters_cleanup (set up before every pg-labelled test): stops and removes the throwaway
# clusters of tests/common/testcluster whose owning test process is gone (a crash, a timeout kill, a debugger
# session ended), so they neither pile up in the temporary directory nor keep a postmaster running.
#
#   cleanup-stale-clusters.sh [ROOT]     ROOT defaults to $TMPDIR or /tmp; looks at ROOT/planlens-test-*
#
# A cluster directory holds owner.pid, "<pid> <start time>" (field 22 of /proc/<pid>/stat): the owner is alive
# when /proc/<pid> exists with that start time, so a reused pid does not keep a dead test's cluster. A directory
# without owner.pid (being created right now, or made by an older build) is left alone until it is older than
# PLANLENS_STALE_UNOWNED_MINUTES (default 120, longer than any test's timeout). Exits 1 if one could not be removed.
set -u
root=${1:-${TMPDIR:-/tmp}}
unownedMinutes=${PLANLENS_STALE_UNOWNED_MINUTES:-120}

bindir=${PLANLENS_PG_BINDIR:-}
if [ -z "$bindir" ]; then
    for v in 15 16 17 14; do
        if [ -x "/usr/lib/postgresql/$v/bin/pg_ctl" ]; then bindir=/usr/lib/postgresql/$v/bin; break; fi
    done
fi

# alive PID STARTTIME: the process exists and, when a start time was recorded, started then.
alive() {
    [ -r "/proc/$1/stat" ] || return 1
    [ -z "${2:-}" ] && return 0
    [ "$(sed 's/.*) //' "/proc/$1/stat" | cut -d' ' -f20)" = "$2" ]
}

# pgctl DIR ARGS...: pg_ctl as the cluster's owner. PostgreSQL refuses to run as root, so root goes through
# runuser -u postgres, as LocalCluster does; from DIR, because postgres cannot stat a working directory under /root.
pgctl() {
    d=$1; shift
    if [ "$(id -u)" = 0 ]; then
        (cd "$d" && runuser -u postgres -- "$bindir/pg_ctl" "$@")
    else
        (cd "$d" && "$bindir/pg_ctl" "$@")
    fi
}

status=0
removed=0
for d in "$root"/planlens-test-*; do
    [ -d "$d" ] || continue
    why=
    if [ -f "$d/owner.pid" ]; then
        read -r pid start < "$d/owner.pid" || true
        case ${pid:-} in
            ''|*[!0-9]*) why="unreadable owner.pid" ;;
            *) alive "$pid" "${start:-}" && continue
               why="owner $pid is gone" ;;
        esac
    else
        [ -n "$(find "$d" -maxdepth 0 -mmin +"$unownedMinutes" 2>/dev/null)" ] || continue
        why="no owner.pid, older than $unownedMinutes minutes"
    fi
    if [ -f "$d/data/PG_VERSION" ] && [ -n "$bindir" ]; then
        # -m immediate: the test is gone, nothing to flush. "No server running" fails too, hence the status check.
        pgctl "$d" -D "$d/data" -m immediate -w -t 60 stop >/dev/null 2>&1
        if pgctl "$d" -D "$d/data" status >/dev/null 2>&1; then
            echo "cleanup-stale-clusters: $d: the server still runs after pg_ctl stop; left in place" >&2
            status=1
            continue
        fi
    fi
    if rm -rf "$d" && [ ! -e "$d" ]; then
        echo "cleanup-stale-clusters: removed $d ($why)"
        removed=$((removed + 1))
    else
        echo "cleanup-stale-clusters: could not remove $d" >&2
        status=1
    fi
done
echo "cleanup-stale-clusters: $removed stale cluster(s) removed under $root"
exit $status
