#!/usr/bin/env bash
# What the test suites need from the machine that `npm install` does not bring, installed or
# started here so that `npm test` passes on a fresh machine by itself (npm runs this first as
# `pretest`). Debian's packages only: the browser test drives /usr/bin/chromium, never a
# downloaded browser. When something cannot be had, stop before any suite runs and say what
# to run, instead of failing deep inside a test.
set -uo pipefail

CHROMIUM=/usr/bin/chromium
missing_packages=()

# PostgreSQL on 127.0.0.1:5432: start the machine's cluster when it is installed but down.
# Without one, the PostgreSQL suites say they were skipped and why.
if command -v pg_ctlcluster >/dev/null 2>&1 && ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  version=$(ls /etc/postgresql 2>/dev/null | head -n 1)
  if [ -n "$version" ] && [ "$(id -u)" -eq 0 ]; then
    echo "npm test: starting the local PostgreSQL $version cluster (it was down)"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || echo "npm test: PostgreSQL did not start; its suites will say they were skipped" >&2
  fi
fi

command -v curl >/dev/null 2>&1 || missing_packages+=(curl)   # the README's curl examples, run as printed
command -v git >/dev/null 2>&1 || missing_packages+=(git)     # the CLI finds the app from a git remote
command -v jq >/dev/null 2>&1 || missing_packages+=(jq)       # the Dev Center article's commands, run as printed
[ -x "$CHROMIUM" ] || missing_packages+=(chromium)            # the dashboard's browser test
[ -x /usr/bin/ruby ] || missing_packages+=(ruby)              # the Ruby consumer example (examples/ruby)
[ -x /usr/bin/python3 ] || missing_packages+=(python3)        # the Python consumer example (examples/python)
[ ${#missing_packages[@]} -eq 0 ] && exit 0

stop() {
  echo "npm test: $1" >&2
  echo "npm test: run   sudo apt-get update && sudo apt-get install -y ${missing_packages[*]}   then npm test again." >&2
  exit 1
}

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  stop "the tests need ${missing_packages[*]}, which is not installed, and installing it needs root (not root, and no password-less sudo)."
fi
command -v apt-get >/dev/null 2>&1 || stop "the tests need ${missing_packages[*]} from Debian's packages, and this machine has no apt-get."

echo "npm test: installing ${missing_packages[*]} from Debian's packages (apt-get install), which the tests need and npm install does not bring"
# Two runs at once (parallel worktrees, CI beside a developer) must not fight over dpkg's lock.
exec 9>/tmp/vanity-test-prerequisites.lock
flock 9
apt_install() {
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq "${missing_packages[@]}" >/tmp/vanity-apt-install.log 2>&1
}
lists_present() { compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null; }
if ! lists_present || ! apt_install; then
  "${as_root[@]}" apt-get update -qq >/tmp/vanity-apt-update.log 2>&1 || { tail -n 5 /tmp/vanity-apt-update.log >&2; stop "apt-get update failed (above)."; }
  apt_install || { tail -n 5 /tmp/vanity-apt-install.log >&2; stop "apt-get install ${missing_packages[*]} failed (above)."; }
fi
[ -x "$CHROMIUM" ] || stop "apt-get installed chromium but $CHROMIUM is still missing."
