#!/usr/bin/env bash
# Makes the releases: one self-contained file per platform, in publish/<platform>/Whisper.Web (settings in
# Whisper.Web/Whisper.Web.csproj). Usage: tools/publish.sh [platform...]   (default: linux-x64 linux-arm64)
set -euo pipefail
cd "$(dirname "$0")/.."

platforms=("$@")
[ ${#platforms[@]} -eq 0 ] && platforms=(linux-x64 linux-arm64)
for platform in "${platforms[@]}"; do
  rm -rf "publish/$platform"
  dotnet publish Whisper.Web -c Release -r "$platform" -o "publish/$platform" -nologo -v quiet
  # The file must stand alone: anything published beside it would be missing on the server.
  others=$(find "publish/$platform" -mindepth 1 ! -name Whisper.Web)
  if [ -n "$others" ]; then
    echo "publish/$platform has more than the one file:"; echo "$others"; exit 1
  fi
  echo "publish/$platform/Whisper.Web ($(du -h "publish/$platform/Whisper.Web" | cut -f1))"
done
