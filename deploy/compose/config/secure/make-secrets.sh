#!/usr/bin/env bash
# compose.secure.yaml's secrets-init (nginx:1.27 image: Debian, with openssl): the TLS material and the registry's
# password files, each in the volume of the only services that read it.
#   /secrets/ca-key          the CA's private key (only this service mounts it)
#   /secrets/ca              ca.crt: every client's truststore (PEM)
#   /secrets/brokers         kafka-N.p12 (key + certificate for kafka-N, localhost, 127.0.0.1), ca.crt; owned by the
#                            brokers' user (apache/kafka runs as uid 1000)
#   /secrets/registry-kafka  registry.p12: the registry's client certificate for the brokers' mTLS listener (CN=registry,
#                            the principal `registry`), ca.crt
#   /secrets/registry-https  registry.crt/.key for nginx (registry-tls, localhost, 127.0.0.1), users.htpasswd (admin
#                            and the apps: GET), admin.htpasswd (admin only: everything else)
# Certificates are made once (kept across runs: a restart keeps the CA the clients trust); the password files are
# written on every run, so a changed password in .env takes effect on the next `up`.
set -euo pipefail
: "${STORE_PASSWORD:?STORE_PASSWORD is required}"
for p in ADMIN_PASSWORD COLLECTOR_PASSWORD STREAMS_APP_PASSWORD SOC_READER_PASSWORD; do
  : "${!p:?$p is required}"
done

out=${SECRETS_DIR:-/secrets}
umask 077
mkdir -p "$out/ca-key" "$out/ca" "$out/brokers" "$out/registry-kafka" "$out/registry-https"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [[ ! -f "$out/ca/ca.crt" ]]; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=fleet-telemetry compose CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -keyout "$out/ca-key/ca.key" -out "$out/ca/ca.crt"
fi

# issue NAME SAN: NAME.key and NAME.crt in $work, signed by the CA, for server and client use
issue() {
  local name=$1 san=$2
  openssl req -newkey rsa:2048 -nodes -subj "/CN=$name" -keyout "$work/$name.key" -out "$work/$name.csr"
  printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth,clientAuth\n' "$san" >"$work/$name.ext"
  openssl x509 -req -in "$work/$name.csr" -CA "$out/ca/ca.crt" -CAkey "$out/ca-key/ca.key" -CAserial "$out/ca-key/ca.srl" -CAcreateserial \
    -days 825 -extfile "$work/$name.ext" -out "$work/$name.crt"
}

# p12 NAME TARGET: a PKCS12 key store with NAME's key and certificate chain, protected by STORE_PASSWORD
p12() {
  openssl pkcs12 -export -name "$1" -inkey "$work/$1.key" -in "$work/$1.crt" -certfile "$out/ca/ca.crt" \
    -passout env:STORE_PASSWORD -out "$2"
}

for n in 1 2 3; do
  if [[ ! -f "$out/brokers/kafka-$n.p12" ]]; then
    issue "kafka-$n" "DNS:kafka-$n,DNS:localhost,IP:127.0.0.1"
    p12 "kafka-$n" "$out/brokers/kafka-$n.p12"
  fi
done
if [[ ! -f "$out/registry-kafka/registry.p12" ]]; then
  issue registry "DNS:registry"
  p12 registry "$out/registry-kafka/registry.p12"
fi
if [[ ! -f "$out/registry-https/registry.crt" ]]; then
  issue registry-tls "DNS:registry-tls,DNS:localhost,IP:127.0.0.1"
  cat "$work/registry-tls.crt" "$out/ca/ca.crt" >"$out/registry-https/registry.crt"
  cp "$work/registry-tls.key" "$out/registry-https/registry.key"
fi

# nginx's basic auth: SHA-512 crypt; users.htpasswd may GET, admin.htpasswd may do everything
{
  echo "admin:$(openssl passwd -6 -stdin <<<"$ADMIN_PASSWORD")"
  echo "collector:$(openssl passwd -6 -stdin <<<"$COLLECTOR_PASSWORD")"
  echo "streams-app:$(openssl passwd -6 -stdin <<<"$STREAMS_APP_PASSWORD")"
  echo "soc-reader:$(openssl passwd -6 -stdin <<<"$SOC_READER_PASSWORD")"
} >"$out/registry-https/users.htpasswd"
grep '^admin:' "$out/registry-https/users.htpasswd" >"$out/registry-https/admin.htpasswd"

for d in brokers registry-kafka; do
  cp "$out/ca/ca.crt" "$out/$d/ca.crt"
done
chmod 0755 "$out/ca" "$out/brokers" "$out/registry-kafka" "$out/registry-https"
chmod 0644 "$out"/ca/ca.crt "$out"/brokers/ca.crt "$out"/registry-kafka/ca.crt "$out/registry-https/registry.crt"
chmod 0640 "$out"/registry-https/*.htpasswd
# the registry's key store: readable by the Apicurio image's user, whichever uid that is; it is password-protected
# and its volume is mounted by the registry alone
chmod 0644 "$out/registry-kafka/registry.p12"
if [[ $(id -u) == 0 ]]; then
  chown 1000:1000 "$out"/brokers/kafka-*.p12
  # nginx's workers (uid 101) read the password files on each request; its master (root) reads the key
  chown 0:101 "$out"/registry-https/*.htpasswd
fi
echo "secrets-init: CA, broker, registry and nginx certificates and the registry's password files are in place"
