#!/bin/sh
# Runs a SPEC workload with Locust, headless, for a bounded time, then stops by itself.
#   perf/locust/run.sh weather|sales [users] [run-time]
# defaults: weather, 10 users (the reference), 60s. LOCUST_HOST overrides the target
# (default http://127.0.0.1:8080, where `npm run serve` / `npm start` listen).
# Locust lives in its own virtualenv under .cache/, installed from PyPI on first use.
set -eu
cd "$(dirname "$0")/../.."

domain="${1:-weather}"
users="${2:-10}"
run_time="${3:-60s}"
host="${LOCUST_HOST:-http://127.0.0.1:8080}"
case "$domain" in
  weather | sales) ;;
  *) echo "usage: $0 weather|sales [users] [run-time]" >&2; exit 2 ;;
esac

venv=.cache/locust-venv
if ! "$venv/bin/locust" --version 2>/dev/null | grep -q "2.47.0"; then
  echo "locust: creating $venv (locust 2.47.0 from PyPI)"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "locust==2.47.0"
fi

out="perf/results/locust-$domain-$(date -u +%Y-%m-%dT%H-%M-%SZ)"
mkdir -p "$out"
echo "locust: $domain, $users users, $run_time against $host (csv: $out)"
# --stop-timeout lets in-flight requests finish; the run ends on its own after --run-time.
exec "$venv/bin/locust" -f "perf/locust/${domain}_locustfile.py" --headless \
  --users "$users" --spawn-rate "$users" --run-time "$run_time" --stop-timeout 5 \
  --host "$host" --only-summary --csv "$out/stats"
