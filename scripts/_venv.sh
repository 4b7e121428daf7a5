# shellcheck shell=bash
# Shared by scripts/run, scripts/test and scripts/bench: make sure .venv exists and holds the
# project with the given extras, at the versions in constraints.txt, reinstalling only when
# pyproject.toml or constraints.txt changed.
# Usage: . scripts/_venv.sh EXTRAS   (EXTRAS like "" or "test")

harbour_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
harbour_extras=${1:-}

harbour_python() {
    for candidate in "${PYTHON:-}" python3.13 python3.12 python3.11 python3; do
        [ -n "$candidate" ] || continue
        command -v "$candidate" >/dev/null 2>&1 || continue
        # Quiet: a pyenv shim for a version that is not selected explains itself on stderr.
        if "$candidate" -c 'import sys; sys.exit(0 if (3, 11) <= sys.version_info[:2] < (3, 14) else 1)' 2>/dev/null; then
            echo "$candidate"
            return 0
        fi
    done
    echo "Harbour needs Python 3.11, 3.12 or 3.13 (set PYTHON=/path/to/python)." >&2
    return 1
}

harbour_ensure_venv() {
    local venv="$harbour_root/.venv" stamp want
    if [ ! -x "$venv/bin/python" ]; then
        echo "== creating .venv" >&2
        "$(harbour_python)" -m venv "$venv" || return 1
        "$venv/bin/python" -m pip install --quiet --upgrade pip >&2 || return 1
    fi
    want="$(cat "$harbour_root/pyproject.toml" "$harbour_root/constraints.txt" | sha256sum | cut -c1-16) [$harbour_extras]"
    stamp="$venv/.harbour-installed"
    if ! grep -qxF "$want" "$stamp" 2>/dev/null; then
        echo "== installing Harbour${harbour_extras:+ with [$harbour_extras]} into .venv" >&2
        local spec="$harbour_root"
        [ -n "$harbour_extras" ] && spec="${harbour_root}[${harbour_extras}]"
        "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
            --constraint "$harbour_root/constraints.txt" -e "$spec" >&2 || return 1
        echo "$want" > "$stamp"
    fi
}
