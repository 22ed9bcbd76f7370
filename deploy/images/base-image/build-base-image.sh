#!/usr/bin/env bash
# Builds the offline base image the Jib builds start from when no registry is reachable: a jlink'd
# runtime of the given JDK (modules: jlink-modules.args), the glibc, libstdc++ and zlib files that
# runtime and the apps' bundled JNI libraries (RocksDB, zstd) load, glibc's C.UTF-8 locale, /etc/passwd
# with the non-root user fleet (uid/gid 10001), a writable /tmp and the state dir /var/lib/fleet-telemetry
# owned by fleet.
# Output: OUT/base-image.tar in `docker save` layout (manifest.json, config, one gzipped layer), which
# Jib reads as from.image=tar://OUT/base-image.tar.
#
# The tar is reproducible for the same JDK and host libraries: sorted entries, mtime 0, fixed owners,
# normalised modes, gzip without a name or time. OUT/base-image.key records the inputs; a second run
# with the same inputs does nothing.
#
# usage: build-base-image.sh --jdk DIR --out DIR [--for IMAGE]
#   --for IMAGE   the base image the build asked for; anything but a tar:// reference means another
#                 base (e.g. eclipse-temurin:17-jre) was chosen, so there is nothing to build
set -euo pipefail

jdk=""
out=""
for_image="tar://"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --jdk) jdk="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --for) for_image="$2"; shift 2 ;;
    *) echo "build-base-image: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
if [[ -z "$jdk" || -z "$out" ]]; then
  echo "usage: build-base-image.sh --jdk DIR --out DIR [--for IMAGE]" >&2
  exit 2
fi
if [[ "$for_image" != tar://* ]]; then
  echo "build-base-image: the images use base $for_image: no local base to build"
  exit 0
fi
if [[ ! -x "$jdk/bin/jlink" ]]; then
  echo "build-base-image: $jdk/bin/jlink not found: --jdk must name a JDK (with jlink), not a JRE" >&2
  exit 1
fi

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jdk="$(cd "$jdk" && pwd -P)"
mkdir -p "$out"
out="$(cd "$out" && pwd -P)"

key="$( {
  cat "${BASH_SOURCE[0]}" "$here/jlink-modules.args"
  (cd "$here/rootfs" && find . -type f | LC_ALL=C sort | xargs cat)
  echo "$jdk"
  cat "$jdk/release"
  ldd --version 2>&1 | head -n 1
  uname -m
} | sha256sum | cut -d' ' -f1)"
if [[ -f "$out/base-image.tar" && -f "$out/base-image.key" && "$(cat "$out/base-image.key")" == "$key" ]]; then
  echo "build-base-image: $out/base-image.tar is up to date"
  exit 0
fi

case "$(uname -m)" in
  x86_64) arch=amd64 ;;
  aarch64) arch=arm64 ;;
  *) arch="$(uname -m)" ;;
esac
java_version="$(sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"$/\1/p' "$jdk/release")"

work="$(mktemp -d "$out/.build.XXXXXX")"
trap 'rm -rf "$work"' EXIT
root="$work/rootfs"
java_home=/opt/java/openjdk
mkdir -p "$root/opt/java"

# A JDK without jmods (JDK 24+ built with a linkable run-time) links from itself.
module_path=()
if [[ -d "$jdk/jmods" ]]; then
  module_path=(--module-path "$jdk/jmods")
fi
"$jdk/bin/jlink" "${module_path[@]}" "@$here/jlink-modules.args" \
  --strip-debug --no-header-files --no-man-pages --output "$root$java_home"

is_elf() { [[ "$(head -c 4 "$1" | od -An -c | tr -d ' ')" == '177ELF' ]]; }

# Every shared library the runtime's executables and libraries need, found where this host has it.
libs="$work/libs.txt"
: > "$libs"
while IFS= read -r -d '' f; do
  is_elf "$f" || continue
  deps="$(ldd "$f" 2>/dev/null || true)"
  # libjvm.so sits in lib/server and is found through the launcher, not by ldd here
  missing="$(grep 'not found' <<< "$deps" | grep -v 'libjvm\.so' || true)"
  if [[ -n "$missing" ]]; then
    echo "build-base-image: $f needs a library this host does not have: $missing" >&2
    exit 1
  fi
  # the runtime's own libraries (found through RPATH) are in the image already
  awk '/=> \// { print $3 } /^[[:space:]]*\// { print $1 }' <<< "$deps" | { grep -v "^$root/" || true; } >> "$libs"
done < <(find "$root$java_home" -type f -print0)
libc_dir="$(dirname "$(grep -m1 '/libc\.so\.6$' "$libs")")"
# Not in the runtime's own NEEDED lists: RocksDB's and zstd's JNI libraries name libpthread, librt and
# libdl (stubs in glibc 2.34+, but the files must exist); glibc before 2.34 loads the files and dns
# name services as separate libraries.
for extra in libpthread.so.0 librt.so.1 libdl.so.2 libnss_files.so.2 libnss_dns.so.2 libresolv.so.2; do
  if [[ -e "$libc_dir/$extra" ]]; then
    echo "$libc_dir/$extra" >> "$libs"
  fi
done
LC_ALL=C sort -u "$libs" | while IFS= read -r lib; do
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done

# LANG=C.UTF-8 gives the JVM UTF-8 file names and console; glibc reads that locale from this folder.
if [[ -d /usr/lib/locale/C.utf8 ]]; then
  mkdir -p "$root/usr/lib/locale"
  cp -R /usr/lib/locale/C.utf8 "$root/usr/lib/locale/"
fi
cp -R "$here/rootfs/." "$root/"
mkdir -p "$root/tmp" "$root/var/lib/fleet-telemetry" "$root/etc/fleet-telemetry"
chmod -R u+rwX,go+rX,go-w "$root"
chmod 1777 "$root/tmp"
chmod 0750 "$root/var/lib/fleet-telemetry"

# One layer; the state dir is appended separately so that it alone belongs to fleet.
layer="$work/layer.tar"
tar_opts=(--sort=name --mtime=@0 --numeric-owner --format=posix
  --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime)
tar "${tar_opts[@]}" --owner=0 --group=0 --exclude=./var/lib/fleet-telemetry -C "$root" -cf "$layer" .
tar "${tar_opts[@]}" --owner=10001 --group=10001 --no-recursion -C "$root" -rf "$layer" ./var/lib/fleet-telemetry
diff_id="sha256:$(sha256sum "$layer" | cut -d' ' -f1)"
gzip -n -6 "$layer"

image="$work/image"
mkdir -p "$image"
mv "$layer.gz" "$image/layer.tar.gz"
cat > "$image/config.json" <<EOF
{"architecture":"$arch","os":"linux","created":"1970-01-01T00:00:00Z","config":{"User":"10001:10001","Env":["PATH=$java_home/bin:/usr/bin:/bin","JAVA_HOME=$java_home","LANG=C.UTF-8"],"WorkingDir":"/var/lib/fleet-telemetry","Labels":{"org.fleettelemetry.base.java.version":"$java_version"}},"rootfs":{"type":"layers","diff_ids":["$diff_id"]},"history":[{"created":"1970-01-01T00:00:00Z","created_by":"deploy/images/base-image/build-base-image.sh: jlink'd Java $java_version and the host's shared libraries"}]}
EOF
cat > "$image/manifest.json" <<EOF
[{"Config":"config.json","RepoTags":["fleet-telemetry/base:$java_version"],"Layers":["layer.tar.gz"]}]
EOF
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --format=posix \
  --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime \
  -C "$image" -cf "$work/base-image.tar" config.json layer.tar.gz manifest.json

mv -f "$work/base-image.tar" "$out/base-image.tar"
echo "$key" > "$out/base-image.key"
echo "build-base-image: $out/base-image.tar (Java $java_version, $arch, $(du -k "$out/base-image.tar" | cut -f1) KiB)"
