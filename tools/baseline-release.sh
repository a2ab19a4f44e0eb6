#!/usr/bin/env bash
# Puts the last release of the published API bundles (backup-api, backup-agent-testkit) into the local Maven
# repository for bnd's baseline check (see the parent pom), building it from git when it is not there yet: from the
# tag v<version>, or, in a clone without tags, from the commit whose message is "Release <version>".
# Usage: baseline-release.sh <version> <repository root> <local Maven repository>
set -euo pipefail
version="$1"
root="$2"
local_repo="$3"

present=yes
for artifact in backup-api backup-agent-testkit; do
    [ -f "$local_repo/org/homeautomation/backup/$artifact/$version/$artifact-$version.jar" ] || present=no
done
[ "$present" = yes ] && exit 0

find_release() {
    rev=$(git -C "$root" rev-parse -q --verify "refs/tags/v$version^{commit}" 2>/dev/null || true)
    if [ -z "$rev" ]; then
        rev=$(git -C "$root" log --format=%H -1 -E --grep="^Release ${version//./\\.}\$" 2>/dev/null || true)
    fi
}
find_release
if [ -z "$rev" ] && [ "$(git -C "$root" rev-parse --is-shallow-repository 2>/dev/null)" = true ]; then
    # A shallow clone lacks the release's commit: fetch the history and tags from where it came from.
    git -C "$root" fetch -q --unshallow --tags 2>/dev/null || true
    find_release
fi
if [ -z "$rev" ]; then
    echo "baseline: release $version is neither in $local_repo nor in the git history of $root (tag v$version)." >&2
    echo "baseline: fetch the tags (git fetch --tags), or build with -Dbnd.baseline.skip=true to skip the check." >&2
    exit 1
fi

src=$(mktemp -d)
trap 'rm -rf "$src"' EXIT
git -C "$root" archive "$rev" | tar -x -C "$src"
echo "baseline: building release $version (commit ${rev:0:12}) from git into $local_repo"
mvn -B -q -ntp -f "$src/pom.xml" -Dmaven.repo.local="$local_repo" -DskipTests -Dbnd.baseline.skip=true \
    -pl backup-api,backup-agent-testkit -am install
