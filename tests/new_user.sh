#!/usr/bin/env bash
# A new user's afternoon, as the README tells it: install policybook with cargo, start a site,
# write a policy, build it into an intranet folder that already holds the trust's own files
# (none of which may change), check it offline, and preview nothing broken. `.ci/run` runs it
# after `cargo test`, whose debug build `cargo install --debug` reuses (so it costs seconds).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

step() { printf '\n== %s\n' "$*"; }
fail() { echo "FAILED: $*" >&2; exit 1; }

step "install (cargo install --locked --path .)"
cargo install --quiet --locked --debug --path "$repo" --root "$work/install" \
    --target-dir "$repo/target" >/dev/null
pb="$work/install/bin/policybook"
"$pb" --version

step "start a site (policybook new)"
"$pb" new "$work/site"
grep -q '^#' "$work/site/book.toml" || fail "book.toml carries no comments"

step "write a policy from the format reference"
cat > "$work/site/policies/lone-working-policy.md" <<'EOF'
---
title: Lone Working Policy
kind: policy
code: POL/010
version: "1.0"
owner: Head of Security
approved: 2026-01-15
review: 2029-01-15
---
## 1 Purpose

1.1 Staff who work alone are protected by the measures in this policy.

## 2 Duties

2.1 Managers assess the risks of lone working each year (see [1.1](policy:lone-working-policy#1.1)).
EOF

step "deploy into an intranet folder that holds other files"
share="$work/intranet/security"
mkdir -p "$share/minutes"
printf '<configuration><system.webServer/></configuration>\n' > "$share/web.config"
printf 'board minutes\n' > "$share/minutes/board-2026-11.docx"
before="$(cd "$share" && find . -type f -exec sha256sum {} + | sort)"

if "$pb" build "$work/site" -d "$share" 2> "$work/refused.txt"; then
    fail "a folder holding other files was not refused"
fi
grep -q -- "--keep-other-files" "$work/refused.txt" || fail "the refusal does not say how to go on"

"$pb" build "$work/site" -d "$share" --keep-other-files
[ -f "$share/index.html" ] || fail "no index.html"
[ -f "$share/policies/lone-working-policy.html" ] || fail "the new policy has no page"
after="$(cd "$share" && find . -type f -exec sha256sum {} + | sort)"
while read -r line; do
    grep -qxF "$line" <<<"$after" || fail "a file of the trust's changed or went: $line"
done <<<"$before"

step "rebuild after a policy is removed: its page goes, the trust's files stay"
rm "$work/site/policies/lone-working-policy.md"
"$pb" build "$work/site" -d "$share" --keep-other-files
[ ! -e "$share/policies/lone-working-policy.html" ] || fail "an obsolete page was left"
after="$(cd "$share" && find . -type f -exec sha256sum {} + | sort)"
while read -r line; do
    grep -qxF "$line" <<<"$after" || fail "a file of the trust's changed or went: $line"
done <<<"$before"

step "check offline, as CI does on every merge"
"$pb" build "$work/site"
"$pb" check "$work/site" --offline

echo
echo "new user walk-through passed"
