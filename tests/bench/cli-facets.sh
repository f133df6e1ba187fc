#!/bin/sh
# Whole-process CLI search with facets, new (A) vs baseline 26b2e48 (B), paired.
NEW=${NEW:-dist/cli.mjs}
BASE=${BASE:?set BASE to a baseline build's dist/cli.mjs}
DB=${DB:?set DB to a COPY of the 100k workload archive (with its .instant)}
for w in the harbour achterberg; do
  echo "== $w --facets"; uptime
  farm-bench -n 9 --timeout 300 --vs "node $BASE --db $DB search $w --facets" -- node $NEW --db $DB search $w --facets
  uptime
done
echo "== the (no facets)"; uptime
farm-bench -n 9 --timeout 300 --vs "node $BASE --db $DB search the" -- node $NEW --db $DB search the
uptime
