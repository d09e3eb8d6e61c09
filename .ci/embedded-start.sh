#!/usr/bin/env bash
# npm start on a temporary pglite: directory, wait for /readyz, one GraphQL query for unit 436,
# the first admin created while the server runs (over its admin socket) and signed in,
# a second process on the same directory must be refused, SIGTERM, clean exit, lock released.
set -uo pipefail
dir=$(mktemp -d)/pglite
port=$(node -e 'const s=require("net").createServer().listen(0,()=>{console.log(s.address().port);s.close()})')
log=$(mktemp)
DATABASE_URL="pglite:$dir" PORT=$port LOG_LEVEL=info npm start >"$log" 2>&1 &
pid=$!
fail() { echo "embedded start: $*"; echo "--- server log"; tail -n 40 "$log"; kill -9 "$pid" 2>/dev/null; exit 1; }

for _ in $(seq 1 180); do
  curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || fail "the server exited before it was ready"
  sleep 1
done
curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null || fail "/readyz never answered 200"

answer=$(curl -fsS "http://127.0.0.1:$port/graphql" -H 'content-type: application/json' \
  -d '{"query":"{ unit(code: \"436\") { code name kind } }"}') || fail "GraphQL request failed"
echo "$answer"
echo "$answer" | grep -q '"name":"Thành phố Hà Tĩnh"' || fail "unit 436 not served"

# The first admin, while the server holds the directory: user:create asks it over data/pglite.sock.
created=$(DATABASE_URL="pglite:$dir" npm run -s user:create -- --email quantri@baohatinh.vn --role ADMIN --name "Quản trị" 2>&1) || fail "user:create while serving failed: $created"
echo "$created"
otp=$(echo "$created" | sed -n 's/.*one-time password, shown once: \([^ ]*\).*/\1/p')
[ -n "$otp" ] || fail "user:create printed no one-time password"
[ "$(stat -c %a "$dir.sock")" = 600 ] || fail "admin socket $dir.sock is not mode 600"
login=$(curl -fsS "http://127.0.0.1:$port/graphql" -H 'content-type: application/json' \
  -d "{\"query\":\"mutation { login(email: \\\"quantri@baohatinh.vn\\\", password: \\\"$otp\\\") { token user { roles } } }\"}") || fail "login request failed"
echo "$login" | grep -q '"roles":\["ADMIN"\]' || fail "the new admin cannot sign in: $login"
echo "first admin created while serving and signed in"

second=$(DATABASE_URL="pglite:$dir" PORT=0 node dist/src/main.js serve 2>&1) && fail "a second process opened the locked directory"
echo "$second" | grep -q "in use by process" || fail "second process error does not name the holder: $second"
echo "second process refused: $second"

kill -TERM "$pid"
wait "$pid"
code=$?
[ "$code" -eq 0 ] || fail "exit code after SIGTERM was $code"
[ -e "$dir.lock" ] && fail "lock file $dir.lock left behind"
[ -e "$dir.sock" ] && fail "admin socket $dir.sock left behind"
grep -q '"stopped cleanly"' "$log" || fail "no clean-stop log line"
echo "embedded start: ok (clean exit, lock released)"
rm -rf "$(dirname "$dir")" "$log"
