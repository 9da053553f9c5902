#!/usr/bin/env bash
# Compares the fingerprints (weights, history, diagnosis and test scores of every configuration in Configurations.cs,
# with 1 and 2 threads) of two revisions, built and run on this machine one after the other.
#   tests/MLNet.Backprop.Fingerprints/compare.sh BASE [HEAD]
# BASE and HEAD are git revisions; without HEAD the working tree is compared. Each revision is run with its own copy
# of this tool, so the tool may follow API changes. Exit code 0 when every line is identical, 1 otherwise; the
# per-configuration dumps of both sides are kept for diff(1).
set -euo pipefail
root=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
base=${1:?usage: compare.sh BASE [HEAD]}
head=${2:-}
work=$(mktemp -d /tmp/fingerprints.XXXXXX)
tool=tests/MLNet.Backprop.Fingerprints

run() { # run NAME TREE: builds the tool in TREE and writes $work/NAME.txt and $work/NAME/ (dumps)
  dotnet build "$2/$tool" -c Release -nologo -v q >/dev/null
  # The tool finds ../shared by walking up from the current directory: run it from the repository root.
  (cd "$root" && dotnet "$2/$tool/bin/Release/net10.0/MLNet.Backprop.Fingerprints.dll" --dump "$work/$1") >"$work/$1.txt"
}

checkout() { # checkout REV DIR
  git -C "$root" worktree add --detach "$2" "$1" >/dev/null 2>&1
}

checkout "$base" "$work/base-tree"
run base "$work/base-tree"
if [ -n "$head" ]; then checkout "$head" "$work/head-tree"; run head "$work/head-tree"; else run head "$root"; fi
git -C "$root" worktree remove --force "$work/base-tree"
[ -n "$head" ] && git -C "$root" worktree remove --force "$work/head-tree"

if diff -u "$work/base.txt" "$work/head.txt"; then
  echo "identical: $(wc -l <"$work/head.txt") runs (dumps in $work)"
else
  echo "DIFFERENT: see the lines above; dumps in $work/base and $work/head (diff -r them)"
  exit 1
fi
