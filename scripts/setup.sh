#!/usr/bin/env bash
# Installs what the project needs and is missing: Debian packages (as root), then the npm packages.
# Run by `npm start`, `npm test`, `npm run build` and `npm run bench`; quick when everything is there.
set -euo pipefail
cd "$(dirname "$0")/.."

need_packages=(cmake make g++ emscripten libxtensor-dev xtl-dev libxsimd-dev catch2 chromium clang-format)
missing=()
for pkg in "${need_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
    echo "setup: missing Debian packages: ${missing[*]} — install them with: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
  echo "setup: installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  log=$(mktemp)
  if ! { apt-get update -q && apt-get install -y -q --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
    echo "setup: could not install ${missing[*]} ($(grep -m1 '^E:' "$log" || tail -n1 "$log")) — install them with: apt-get install ${missing[*]}" >&2
    exit 1
  fi
  rm -f "$log"
fi

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "setup: node 20 and npm are needed: install them with: sudo apt-get install nodejs npm" >&2
  exit 1
fi
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "setup: node 20 or newer is needed, found $(node --version)" >&2
  exit 1
fi

# npm ci when node_modules is missing or older than the lock file.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
