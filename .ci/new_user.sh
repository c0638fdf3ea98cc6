#!/usr/bin/env bash
# The path a new user takes (issue 19), in CI: a fresh virtual environment, the README's quick start, then
# `schemalint check .` in a real git repository that holds the JSON and YAML files projects have (a commented
# tsconfig.json, a CloudFormation template with !Ref, an mkdocs.yml with !!python/name, a workflow, ignored
# build output) next to one tool catalog. Each run must end in findings or a clean pass: exit 0 or 1, never a
# traceback, and the catalog must be linted.
set -euo pipefail
clone="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet --disable-pip-version-check "$clone"
schemalint="$work/venv/bin/schemalint"

expect_findings_or_pass() {  # command...: exit 0 or 1, nothing on stderr that looks like a crash
    set +e
    "$@" > "$work/out" 2> "$work/err"
    local status=$?
    set -e
    if [ "$status" -gt 1 ] || grep -q -e Traceback -e "internal error" "$work/err"; then
        echo "new-user path: '$*' ended with exit $status:" >&2
        cat "$work/out" "$work/err" >&2
        exit 1
    fi
}

# the README's quick start, from the clone
(cd "$clone" && expect_findings_or_pass "$schemalint" check examples/)
grep -Eq "^[1-9][0-9]* tools? in [0-9]+ files?" "$work/out" || { echo "new-user path: check examples/ linted no tools" >&2; exit 1; }

# a project repository
repo="$work/project"
mkdir -p "$repo/.github/workflows" "$repo/docs" "$repo/infra" "$repo/dist" "$repo/node_modules/pkg" "$repo/tools"
git -C "$repo" init -q
printf 'dist/\n' > "$repo/.gitignore"
printf '{\n  // comments, as TypeScript allows\n  "compilerOptions": {"strict": true,},\n}\n' > "$repo/tsconfig.json"
printf '{"name": "project", "version": "1.0.0", "scripts": {"test": "jest"}}\n' > "$repo/package.json"
printf 'name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n' \
    > "$repo/.github/workflows/ci.yml"
printf 'site_name: Docs\nmarkdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n' \
    > "$repo/mkdocs.yml"
printf 'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Ref Name\n' \
    > "$repo/infra/template.yaml"
printf '{"broken": \n' > "$repo/dist/bundle.json"
printf '{"name": "pkg"}\n' > "$repo/node_modules/pkg/package.json"
cp "$clone/examples/good_tools.yaml" "$repo/tools/tools.yaml"
(cd "$repo" && expect_findings_or_pass "$schemalint" check .)
grep -q "parse-error" "$work/out" || { echo "new-user path: the unparsable files were not reported" >&2; exit 1; }
if grep -q "dist/bundle.json" "$work/out"; then echo "new-user path: a git-ignored file was read" >&2; exit 1; fi
(cd "$repo" && expect_findings_or_pass "$schemalint" check)
(cd "$repo" && expect_findings_or_pass "$schemalint" score .)
echo "new-user path: ok"
