#!/bin/bash
# The CLI on a PostgreSQL book: the book named by LEADBOOK_DB (a
# postgresql:// URI with a password in it), then by --db; a database that
# does not exist. Prints what each step printed and its exit status; the
# test checks the whole output, and that the password never shows.
# Usage: postgres_test.sh LEADBOOK CONNINFO_FILE
set -u
L=$1
read -r conninfo <"$2" || exit 1
host= port= user=
for pair in $conninfo; do
    case $pair in
    host=*) host=${pair#host=} ;;
    port=*) port=${pair#port=} ;;
    user=*) user=${pair#user=} ;;
    esac
done
database=leadbook_cli_test
psql -X -q -d "$conninfo dbname=postgres" -c "SET client_min_messages = warning" \
    -c "DROP DATABASE IF EXISTS $database" -c "CREATE DATABASE $database" || exit 1
uri="postgresql://$user:s3cret-word@/$database?host=$host&port=$port"
# step LABEL ARGS...: the label stands for the command, whose URI would
# show the password the test looks for.
step() {
    echo "== $1"
    shift
    "$L" "$@" 2>&1
    echo "exit $?"
}
export LEADBOOK_DB=$uri
step "add (LEADBOOK_DB)" lead add --name "Ada Lovelace" --email ada@example.com --company Analytical
step "add" lead add --name "Grace Hopper" --company Navy
step "list" lead list
step "stars --where" lead stars --where "company=Navy" 4
step "show" --json --fields id,full_name,score lead show 2
step "edit" lead edit 1 --set company=Engines
step "check" check
unset LEADBOOK_DB
step "list (--db)" --db "$uri" lead list --where "company=Engines"
step "no such database" --db "postgresql://$user:s3cret-word@/no_such_database?host=$host&port=$port" lead list
step "unknown scheme" --db "mysql://$user@localhost/leads" lead list
# Moving the book: into a new file, back into a new database, and not into
# a book that holds something.
folder=$(mktemp -d) || exit 1
psql -X -q -d "$conninfo dbname=postgres" -c "SET client_min_messages = warning" \
    -c "DROP DATABASE IF EXISTS ${database}_copy" -c "CREATE DATABASE ${database}_copy" || exit 1
step "copy to a file" copy "$uri" "$folder/copy.db"
step "list (copy)" --db "$folder/copy.db" lead list
step "copy back" --json copy "$folder/copy.db" "${uri/$database/${database}_copy}"
step "copy into a book that is not empty" copy "$folder/copy.db" "$uri"
rm -rf "$folder"
psql -X -q -d "$conninfo dbname=postgres" -c "DROP DATABASE $database" \
    -c "DROP DATABASE ${database}_copy" || exit 1
