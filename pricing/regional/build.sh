#!/bin/sh
# Rebuild pricing/regional/*.json from the SkyPilot catalog rows in pricing/regional/skypilot/ with the
# same importer users run (`infercost prices import`). See pricing/regional/skypilot/SOURCE.md for the
# commits, the read date and the licence. Rows the sanity checks hold back are listed in each file's
# "held" array and are not priced; pass --accept TYPE@REGION to take one anyway.
# Usage: sh pricing/regional/build.sh [--dry-run]
set -e
cd "$(dirname "$0")/../.."
BASE=https://github.com/skypilot-org/skypilot-catalog/blob
npx infercost prices import pricing/regional/skypilot/aws.csv --date 2026-12-02 \
  --source "$BASE/001367d22a0033fac286a8c71aeac7109e431bcb/catalogs/v7/aws/vms.csv" "$@"
npx infercost prices import pricing/regional/skypilot/gcp.csv --date 2026-12-02 \
  --source "$BASE/017e2502fb63c7a28757acd94002b2d6099d3e3d/catalogs/v7/gcp/vms.csv" "$@"
npx infercost prices import pricing/regional/skypilot/azure.csv --date 2026-12-02 \
  --source "https://github.com/coopslarhette/skypilot-catalog/blob/dd2604fa22866db0d4467728f4a4aeccbdccbd45/catalogs/v7/azure/vms.csv" "$@"
