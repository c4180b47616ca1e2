#!/usr/bin/env bash
# Runs the API walk-through: every ```sh block of docs/API.md, in order, as one script, against a running
# api. Stops at the first request that fails (curl --fail-with-body) and says at which line of the page.
#
#   API=http://localhost:3000/api/v1 MAIL_CATCHER=http://127.0.0.1:8025 scripts/api-walkthrough.sh [path/to/API.md]
#
# Tokens that only reach a mailbox (invitations) are read by `mail_token ADDRESS`, which asks MAIL_CATCHER
# for the newest link mailed to ADDRESS (GET /token?to=ADDRESS answers the token; see the e2e test).
#
# The e-mail addresses of the page get a suffix unique to the run (ciso@example.com becomes
# ciso@<run>.example.com), so it can run again against the same database.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
doc=$(realpath "${1:-$here/../docs/API.md}")
: "${API:=http://localhost:3000/api/v1}"
run=${WALKTHROUGH_RUN:-w$RANDOM$RANDOM}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
{
  echo 'set -euo pipefail'
  echo 'curl() { command curl --fail-with-body --show-error "$@"; }'
  echo 'mail_token() { command curl --fail-with-body --show-error -s --get --data-urlencode "to=$1" "${MAIL_CATCHER:?set MAIL_CATCHER to read mailed tokens}/token"; }'
  awk '/^```sh$/ { inside = 1; print "echo \"--- docs/API.md line " NR + 1 "\" >&2"; next }
       /^```/    { inside = 0 }
       inside' "$doc" |
    sed -e "s/@example\.com/@${run}.example.com/g" -e 's#^API=.*#: "${API:?}"#'
} > walkthrough.sh
API="$API" bash walkthrough.sh
echo "API walk-through: every command of docs/API.md succeeded" >&2
