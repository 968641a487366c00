#!/usr/bin/env bash
# Seeds (or reuses) a database at the given scale, starts SafetyFlow on a fresh copy of it in Release, runs every
# measure of docs/performance.md against it and prints the table.
#
#   bench/run.sh --findings 100000                  # SQLite: bench/data/safetyflow-100000.db, built once
#   bench/run.sh --findings 5000 --runs 3 --submits 100
#   bench/run.sh --findings 100000 --zones 2000 --measures round   # a whole group's zones: bench/data/safetyflow-100000-z2000.db
#   bench/run.sh --findings 100000 --postgres "Host=...;Database=sf_bench;Username=...;Password=..."   # an empty database
#
# With the submits measured on SQLite, it also runs bench/SafetyFlow.RawSubmits (the same rows written by a plain SQLite
# program) and prints app vs raw and their ratio.
#
# Options: --findings N (100000), --zones N (findings / 500), --runs K (5), --clients N (50), --submits N (500),
#          --warmup N (of the submits, the first N after start-up timed apart: 100), --port P (5080),
#          --measures reports,submits,sweep,round, --reseed (build the database again), --postgres CONN,
#          --published (run the app published with ReadyToRun, as an operator installs it, instead of the Release build).
#
# Start-up is timed three times for SafetyFlow and for bench/SafetyFlow.EmptyApp (an empty ASP.NET Core app), alternated,
# and printed with their ratio.
set -euo pipefail
cd "$(dirname "$0")/.."

findings=100000 zones="" runs=5 clients=50 submits=500 warmup=100 port=5080 measures=reports,submits,sweep,round reseed=0 postgres="" published=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --findings) findings=$2; shift 2 ;;
    --zones) zones=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --clients) clients=$2; shift 2 ;;
    --submits) submits=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --measures) measures=$2; shift 2 ;;
    --postgres) postgres=$2; shift 2 ;;
    --reseed) reseed=1; shift ;;
    --published) published=1; shift ;;
    *) echo "unknown option $1 (see the top of $0)" >&2; exit 2 ;;
  esac
done

data=bench/data
mkdir -p "$data"
dotnet build -c Release bench/SafetyFlow.Seeder -nologo -v q >/dev/null
dotnet build -c Release bench/SafetyFlow.Load -nologo -v q >/dev/null
dotnet build -c Release bench/SafetyFlow.RawSubmits -nologo -v q >/dev/null
dotnet build -c Release bench/SafetyFlow.RawSweep -nologo -v q >/dev/null
dotnet build -c Release bench/SafetyFlow.EmptyApp -nologo -v q >/dev/null
seeder=(dotnet bench/SafetyFlow.Seeder/bin/Release/net10.0/SafetyFlow.Seeder.dll --findings "$findings" ${zones:+--zones "$zones"})
scale=$findings${zones:+-z$zones}
app=src/SafetyFlow.Web/bin/Release/net10.0/SafetyFlow.Web.dll
if [[ $published == 1 ]]; then
  # As an operator installs it: published for this machine's runtime, with ReadyToRun code (README, Running it for real).
  dotnet publish -c Release src/SafetyFlow.Web -r linux-x64 --self-contained false -o "$data/published" -nologo -v q >/dev/null
  app=$data/published/SafetyFlow.Web.dll
fi

# Starts "dotnet <dll>" on the given port with its log in a file, sets pid and returns once /health answers 200.
start_app() {
  local dll=$1 port=$2 log=$3
  dotnet "$dll" --urls "http://127.0.0.1:$port" >"$log" 2>&1 &
  pid=$!
  until curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1; do
    if ! kill -0 $pid 2>/dev/null; then echo "$dll stopped; see $log" >&2; exit 1; fi
    sleep 0.02
  done
}

# Seconds from starting "dotnet <dll>" to the first 200 from /health; the app is stopped again.
time_to_healthy() {
  local started=$(date +%s.%N)
  start_app "$@"
  printf '%.2f\n' "$(echo "$(date +%s.%N) - $started" | bc)"
  kill $pid; wait $pid 2>/dev/null || true
}

# Runs the seeder with its log in a file and prints what it made.
seed() {
  local log=$1; shift
  local status=0
  "${seeder[@]}" "$@" >"$log" 2>&1 || status=$?
  grep -v '^\(info\|warn\|      \)' "$log" || true
  if [[ $status != 0 ]]; then echo "the seeder stopped with status $status; see $log" >&2; exit 1; fi
}

if [[ -z "$postgres" ]]; then
  seeded=$data/safetyflow-$scale.db
  if [[ $reseed == 1 || ! -f $seeded ]]; then
    # Built under another name and renamed when whole, so a seed stopped half-way is never taken for a seeded database.
    seed "$data/seed-$scale.log" --db "$seeded.partial" --force
    mv "$seeded.partial.master.key" "$seeded.master.key"
    mv "$seeded.partial" "$seeded"
  else
    # A database seeded by an older version gets the migrations added since, once, as an upgraded install would.
    seed "$data/upgrade-$scale.log" --db "$seeded" --upgrade
  fi
  # Each run starts from the seeded state: the submits, the sweep and the round change the database.
  db=$data/run-$scale.db
  rm -f "$db" "$db-wal" "$db-shm"
  cp "$seeded" "$db"
  if [[ -f $seeded-wal ]]; then cp "$seeded-wal" "$db-wal"; fi
  cp "$seeded.master.key" "$db.master.key"
  export ConnectionStrings__SafetyFlow="Data Source=$PWD/$db" SafetyFlow__Database__Provider=Sqlite
  export SafetyFlow__Keys__MasterKeyFile="$PWD/$db.master.key"
  size=$(du -m "$db" | cut -f1)" MB SQLite file"
else
  marker=$data/postgres-$scale.seeded
  if [[ $reseed == 1 || ! -f $marker ]]; then
    seed "$data/seed-postgres-$scale.log" --postgres "$postgres" --master-key "$data/postgres-$scale.master.key"
    touch "$marker"
  fi
  export ConnectionStrings__SafetyFlow="$postgres" SafetyFlow__Database__Provider=Postgres
  export SafetyFlow__Keys__MasterKeyFile="$PWD/$data/postgres-$scale.master.key"
  size="PostgreSQL (the measures that write change it: --reseed for a clean run)"
fi

# The sweep runs when the measure moves the clock, not on Hangfire's timer; sign-in limits allow every member at once.
export ASPNETCORE_ENVIRONMENT=Production SafetyFlow__Clock__Mode=Manual \
  SafetyFlow__Jobs__SweepInterval=01:00:00 SafetyFlow__Delivery__Interval=01:00:00 \
  SafetyFlow__Auth__RateLimits__PerAddress=1000000 SafetyFlow__Auth__RateLimits__PerUserName=1000000 \
  Logging__LogLevel__Default=Warning
log=$data/app-$scale.log
# Start-up: SafetyFlow on this database and the empty app, each three times, alternated; then SafetyFlow for the measures.
startups=() empties=()
for _ in 1 2 3; do
  startups+=("$(time_to_healthy "$app" "$port" "$log")")
  empties+=("$(time_to_healthy bench/SafetyFlow.EmptyApp/bin/Release/net10.0/SafetyFlow.EmptyApp.dll "$port" "$data/empty-app.log")")
done
median() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
healthy=$(median "${startups[@]}") empty=$(median "${empties[@]}")
start_app "$app" "$port" "$log"
trap 'kill $pid 2>/dev/null || true' EXIT

echo
echo "SafetyFlow on $findings findings${zones:+ in $zones zones} ($size), $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average $(cut -d' ' -f1-3 /proc/loadavg), .NET $(dotnet --version)"
echo "start-up to healthy: $healthy s, median of ${startups[*]} s (process start to the first 200 from /health$([[ $published == 1 ]] && echo ', published with ReadyToRun'))"
echo "start-up, app vs an empty ASP.NET Core app: $healthy s vs $empty s (median of ${empties[*]} s), ratio $(printf '%.1f' "$(echo "scale=3; $healthy / $empty" | bc)") (goal <= 2)"
echo
table=$data/table-$scale.md
dotnet bench/SafetyFlow.Load/bin/Release/net10.0/SafetyFlow.Load.dll --url "http://127.0.0.1:$port" --pid $pid \
  --runs "$runs" --clients "$clients" --submits "$submits" --warmup "$warmup" --measures "$measures" | tee "$table"

# The submits' baseline: a plain SQLite program writing the rows the app wrote for them into a fresh copy of the seeded
# database, one transaction per submit, with the app stopped so that the two do not share the disk.
if [[ -z "$postgres" && ",$measures," == *",submits,"* ]]; then
  kill $pid 2>/dev/null || true
  wait $pid 2>/dev/null || true
  raw=$data/raw-$scale.db
  rm -f "$raw" "$raw-wal" "$raw-shm"
  cp "$seeded" "$raw"
  if [[ -f $seeded-wal ]]; then cp "$seeded-wal" "$raw-wal"; fi
  baseline=$(dotnet bench/SafetyFlow.RawSubmits/bin/Release/net10.0/SafetyFlow.RawSubmits.dll --rows "$db" --into "$raw")
  echo
  echo "${baseline%%$'\n'raw-per-second*}"
  app_rate=$(sed -n 's/^| inspection submits[^|]*|.*| \([0-9.]*\)\/s, p95.*/\1/p' "$table")
  raw_rate=$(sed -n 's/^raw-per-second //p' <<<"$baseline")
  if [[ -n $app_rate && -n $raw_rate ]]; then
    echo "submits, app vs raw SQLite: $app_rate/s vs $raw_rate/s, ratio $(echo "scale=2; $app_rate / $raw_rate" | bc) (goal >= 0.8)"
  fi
  rm -f "$raw" "$raw-wal" "$raw-shm"
fi

# The sweep's raw SQLite side: once the app has stopped, the rows its sweep and drain wrote are written again on a fresh
# copy of the seeded database with Microsoft.Data.Sqlite alone, in batches of the same size, and the ratio printed.
if [[ -z "$postgres" && ",$measures," == *,sweep,* ]]; then
  kill $pid 2>/dev/null || true
  wait $pid 2>/dev/null || true
  swept=$(grep '^| escalation sweep' "$table" | cut -d'|' -f5 | xargs)
  # In the batches the app used: the environment's setting, else appsettings.json's, else the code's default (500).
  sweep_batch=${SafetyFlow__Jobs__SweepBatchSize:-$(sed -n 's/.*"SweepBatchSize": *\([0-9][0-9]*\).*/\1/p' appsettings.json)}
  drain_batch=${SafetyFlow__Delivery__BatchSize:-$(sed -n 's/.*"BatchSize": *\([0-9][0-9]*\).*/\1/p' appsettings.json)}
  dotnet bench/SafetyFlow.RawSweep/bin/Release/net10.0/SafetyFlow.RawSweep.dll --seeded "$seeded" --app "$db" \
    --target "$data/raw-$scale.db" --batch "${sweep_batch:-500}" \
    --drain-batch "${drain_batch:-500}" --app-time "$swept"
  rm -f "$data/raw-$scale.db" "$data/raw-$scale.db-wal" "$data/raw-$scale.db-shm"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
