# Row runner shared by the result scripts (sourced, not run): each row is one `bertcnn` command writing its run
# folder $OUT/<name>, skipped when that folder already holds metrics.json (a re-run completes a table), with its
# output in $OUT/<name>.txt ending in the wall time. The caller sets OUT, ROWS (names to run; empty = all), and the
# arrays `data` and `student` (flags every row gets before its own).

want() { [ -z "$ROWS" ] || [[ " $ROWS " == *" $1 "* ]]; }

run() { # run <name> <command> <flags...>
  local name=$1 cmd=$2
  shift 2
  want "$name" || return 0
  local dir=$OUT/$name
  [ -e "$dir/metrics.json" ] && return 0
  rm -rf "$dir"
  local t0=$(date +%s)
  nice -n 10 ./bin/bertcnn.js "$cmd" "${data[@]}" "${student[@]}" "$@" --out "$dir" 2>&1 | tee "$dir.txt"
  echo "wall_seconds $(($(date +%s) - t0))" | tee -a "$dir.txt"
}
