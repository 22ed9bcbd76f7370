"""Outside client: reads Confluent-framed Avro records (key and value) from partition 0 of a topic with
Debian's confluent_kafka.avro.AvroConsumer (python3-avro underneath, writer schemas fetched from the
registry by id) and prints one JSON line per record: {"offset": n, "key": ..., "value": {...}}.
Exits non-zero with the reason on stderr when a record cannot be decoded or too few arrive in time."""
import argparse
import json
import sys
import time

from confluent_kafka import OFFSET_BEGINNING, TopicPartition
from confluent_kafka.avro import AvroConsumer

from avro_plain import plain


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--registry", required=True)
    parser.add_argument("--topic", required=True)
    parser.add_argument("--group", required=True)
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--timeout-sec", type=float, default=90)
    args = parser.parse_args()

    consumer = AvroConsumer({
        "bootstrap.servers": args.bootstrap,
        "group.id": args.group,
        "enable.auto.commit": False,
        "schema.registry.url": args.registry,
    })
    consumer.assign([TopicPartition(args.topic, 0, OFFSET_BEGINNING)])
    deadline = time.monotonic() + args.timeout_sec
    seen = 0
    try:
        while seen < args.count and time.monotonic() < deadline:
            message = consumer.poll(1.0)
            if message is None:
                continue
            if message.error():
                print("consume error: %s" % message.error(), file=sys.stderr)
                return 2
            line = {"offset": message.offset(), "key": plain(message.key()), "value": plain(message.value())}
            print(json.dumps(line), flush=True)
            seen += 1
    finally:
        consumer.close()
    if seen < args.count:
        print("only %d of %d records arrived within %s s" % (seen, args.count, args.timeout_sec), file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
