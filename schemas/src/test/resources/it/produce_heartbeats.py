"""Outside client: produces EndpointHeartbeat-shaped records with Debian's
confluent_kafka.avro.AvroProducer, the value schema read from the contract's .avsc file and the key
an Avro string (the endpoint id); the producer registers both under <topic>-value / <topic>-key.
Prints one JSON line per acknowledged record: {"offset": n, "key": ..., "value": {...}}, the
timestamp as epoch milliseconds. Exits non-zero with the reason on stderr on any delivery failure."""
import argparse
import json
import sys

import confluent_kafka
from confluent_kafka.avro import AvroProducer, load, loads

from avro_plain import from_millis, plain

SITES = ["helsinki-hq", "tampere-lab", "oulu-\u00e5\u00e4\u00f6", "\u6771\u4eac-office \U0001f310"]
FIRST_BEAT_MILLIS = 1741944413589  # 2025-03-14T09:26:53.589Z


def heartbeat(index):
    return {
        "endpointId": "py-%04d" % index,
        "site": SITES[index % len(SITES)],
        "proxy": "DIRECT" if index % 3 == 0 else "proxy%d.example:3128" % (index % 5),
        "product": "Elements EPP for Computers",
        "collectorVersion": "python-confluent-kafka-" + confluent_kafka.version()[0],
        "timestamp": from_millis(FIRST_BEAT_MILLIS + 30_000 * index - (2 * 10 ** 12 if index % 7 == 0 else 0)),
        "linesSinceLast": index * 7,
        "failuresSinceLast": index % 4,
        "spoolBytes": (1 << 40) + index if index % 10 == 0 else 0,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--registry", required=True)
    parser.add_argument("--topic", required=True)
    parser.add_argument("--schema", required=True, help="path of EndpointHeartbeat.avsc")
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--timeout-sec", type=float, default=90)
    args = parser.parse_args()

    producer = AvroProducer(
        {
            "bootstrap.servers": args.bootstrap,
            "schema.registry.url": args.registry,
            "acks": "all",
            "enable.idempotence": True,
        },
        default_key_schema=loads('"string"'),
        default_value_schema=load(args.schema),
    )
    acknowledged = []
    failures = []

    def on_delivery(beat, error, message):
        if error is not None:
            failures.append("%s: %s" % (beat["endpointId"], error))
        else:
            acknowledged.append({"offset": message.offset(), "key": beat["endpointId"], "value": plain(beat)})

    for index in range(args.count):
        beat = heartbeat(index)
        producer.produce(topic=args.topic, key=beat["endpointId"], value=beat,
                         callback=lambda error, message, beat=beat: on_delivery(beat, error, message))
        producer.poll(0)
    remaining = producer.flush(args.timeout_sec)
    if failures or remaining:
        print("delivery failed: %d not delivered in time, errors: %s" % (remaining, failures), file=sys.stderr)
        return 2
    for line in acknowledged:
        print(json.dumps(line))
    return 0


if __name__ == "__main__":
    sys.exit(main())
