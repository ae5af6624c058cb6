#!/usr/bin/env bash
# docs/rapport-side-1.png, the first page of the council report that README.md shows, made by the tool
# itself: the shipped plan (with `kommune:` and `udvalg:` added to its head) committed on 1 February
# 2020, activities 8 and 13 finished at the council meeting on 4 March, the report of 15 June 2020 for
# the meeting on 24 June printed by `plan rapport --format pdf` (headless Chromium), its first page
# as PNG by pdftoppm (poppler-utils). Run from anywhere: docs/rapport-side-1.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
plan=${PLAN:-$root/.venv/bin/plan}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export GIT_AUTHOR_NAME="Anna Jensen" GIT_AUTHOR_EMAIL=anna@kommune.example
export GIT_COMMITTER_NAME="Anna Jensen" GIT_COMMITTER_EMAIL=anna@kommune.example
cd "$work"
git init -q -b main .
awk '{ print } /^statusser:/ { print "kommune: Aabenraa Kommune"; print "udvalg: Økonomiudvalget" }' \
  "$root/plan.yaml" > plan.yaml
git add plan.yaml
GIT_AUTHOR_DATE=2020-02-01T10:00:00 GIT_COMMITTER_DATE=2020-02-01T10:00:00 git commit -qm "Planen"
"$plan" set-status 8 13 Afsluttet >/dev/null 2>&1
GIT_AUTHOR_DATE=2020-03-04T10:00:00 GIT_COMMITTER_DATE=2020-03-04T10:00:00 git commit -qam "Byrådsmødet"
"$plan" rapport --i-dag 2020-06-15 --møde 2020-06-24 --format pdf -o rapport.pdf
pdftoppm -png -r 80 -f 1 -l 1 -singlefile rapport.pdf "$root/docs/rapport-side-1"
echo "docs/rapport-side-1.png: $(pdfinfo rapport.pdf | sed -n 's/^Pages: *//p') sider i alt, side 1 vist"
