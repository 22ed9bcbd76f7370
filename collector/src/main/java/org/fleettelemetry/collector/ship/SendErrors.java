package org.fleettelemetry.collector.ship;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The one place that decides what a send failure means for the event:
 * <ul>
 *   <li>{@link Kind#RETRIABLE}: Kafka or the registry is unreachable or busy: spool it, replay later;
 *   <li>{@link Kind#BLOCKED}: a setup problem an operator must fix (authentication, authorization, a
 *       missing topic, a registry refusing our schema or not holding its subject yet): spool it and keep retrying slowly, logging loudly: fixing the setup must not
 *       cost data;
 *   <li>{@link Kind#REJECTED}: this record can never be accepted (too large, invalid, not serialisable):
 *       write it to the rejected file with the reason and move on, so one bad record cannot stop a host.
 * </ul>
 */
public final class SendErrors {
    public enum Kind {
        RETRIABLE,
        BLOCKED,
        REJECTED
    }

    private SendErrors() {}

    public static Kind classify(Throwable error) {
        Throwable e = unwrap(error);
        if (e instanceof AuthenticationException
                || e instanceof AuthorizationException
                || e instanceof UnknownTopicOrPartitionException
                || e instanceof InvalidTopicException) {
            return Kind.BLOCKED;
        }
        if (e instanceof RecordTooLargeException
                || e instanceof RecordBatchTooLargeException
                || e instanceof InvalidRecordException) {
            return Kind.REJECTED;
        }
        if (e instanceof RetriableException
                || e instanceof org.apache.kafka.common.errors.TimeoutException
                || e instanceof java.io.IOException
                || e instanceof java.io.UncheckedIOException) {
            return Kind.RETRIABLE;
        }
        if (e instanceof SerializationException) {
            // a registry refusing our schema (409, 422) is a setup problem; anything else about the bytes is this
            // record's
            return isRegistryRefusal(e) ? Kind.BLOCKED : Kind.REJECTED;
        }
        if (e instanceof org.apache.kafka.common.KafkaException) {
            return Kind.RETRIABLE;
        }
        return Kind.REJECTED;
    }

    /** A short, stable name for metrics: the exception's simple class name. */
    public static String type(Throwable error) {
        return unwrap(error).getClass().getSimpleName();
    }

    /**
     * The serializer wraps what the registry answered (a subject not registered yet, 401 or 403 from a registry that
     * lets only its admin register, 409) in a SerializationException: the registry's exception is in the cause chain.
     */
    private static boolean isRegistryRefusal(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e.getClass().getName().contains("registry")
                    || e.getClass().getSimpleName().contains("Registry")) {
                return true;
            }
        }
        return false;
    }

    private static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof java.util.concurrent.ExecutionException
                        || e instanceof java.util.concurrent.CompletionException)
                && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof org.apache.kafka.common.KafkaException
                && !(e instanceof RetriableException)
                && e.getCause() instanceof RetriableException) {
            return e.getCause();
        }
        return e;
    }
}
