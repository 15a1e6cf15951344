#!/usr/bin/env bash
# Builds the operator's OCI image on a machine with no container registry: the base filesystem
# from Debian packages (mmdebstrap), the operator's self-contained publish, the repository's
# Dockerfile through podman. Writes an OCI archive and loads the image into podman's store.
#
#   build/image.sh [OUT.tar]     default artifacts/spark-operator.oci.tar, image localhost/spark-operator:dev
#
# IMAGE names the image; BASE_SUITE the Debian suite (bookworm). As root it installs podman, runc
# and mmdebstrap when they are missing (see ../shared/containers.md for why runc and cgroupfs).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out=${1:-artifacts/spark-operator.oci.tar}
image=${IMAGE:-localhost/spark-operator:dev}
suite=${BASE_SUITE:-bookworm}
base=localhost/spark-operator-base:$suite

need=()
for tool in podman runc mmdebstrap; do command -v "$tool" >/dev/null || need+=("$tool"); done
if [ ${#need[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || { echo "image.sh: install ${need[*]} first" >&2; exit 1; }
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
# podman's default rlimits cannot be set in some sandboxes (containers.md).
if [ "$(id -u)" = 0 ] && [ ! -f /etc/containers/containers.conf ]; then
  mkdir -p /etc/containers && printf '[containers]\ndefault_ulimits = []\n' > /etc/containers/containers.conf
fi
podman=(podman --runtime runc --cgroup-manager cgroupfs)

mkdir -p artifacts
rm -rf artifacts/publish
dotnet publish src/SparkOperator -c Release -r linux-x64 -o artifacts/publish -p:DOTNET_CLI_TELEMETRY_OPTOUT=1

# Only what a self-contained .NET program loads: the C and C++ runtimes, OpenSSL, zlib, CA
# certificates and time zones; no shell, no package manager. "extract" runs no maintainer
# scripts, so the hook writes what they would have: the CA bundle, and passwd/group entries.
mmdebstrap --quiet --variant=extract --include=libc6,libgcc-s1,libstdc++6,libssl3,zlib1g,ca-certificates,tzdata \
  --customize-hook='cat "$1"/usr/share/ca-certificates/mozilla/*.crt > "$1"/etc/ssl/certs/ca-certificates.crt' \
  --customize-hook='printf "root:x:0:0:root:/root:/sbin/nologin\napp:x:1654:1654:app:/app:/sbin/nologin\n" > "$1"/etc/passwd' \
  --customize-hook='printf "root:x:0:\napp:x:1654:\n" > "$1"/etc/group' \
  --customize-hook='mkdir -p "$1"/tmp && chmod 1777 "$1"/tmp' \
  --customize-hook='rm -rf "$1"/usr/share/doc "$1"/usr/share/man "$1"/usr/share/lintian "$1"/var/cache/* "$1"/var/lib/apt/lists/*' \
  "$suite" artifacts/base.tar
"${podman[@]}" import --quiet artifacts/base.tar "$base" >/dev/null
rm -f artifacts/base.tar

"${podman[@]}" build --quiet --build-arg BASE_IMAGE="$base" -t "$image" . >/dev/null
rm -f "$out"
"${podman[@]}" save --quiet --format oci-archive -o "$out" "$image"
size=$("${podman[@]}" image inspect --format '{{.Size}}' "$image")
echo "image $image: $((size / 1000000)) MB; OCI archive $out ($(du -m "$out" | cut -f1) MB)"
