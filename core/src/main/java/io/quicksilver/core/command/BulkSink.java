package io.quicksilver.core.command;

import io.quicksilver.core.engine.type.Listpack;

/**
 * Writes entries a value hands out as slices of its storage ({@link Listpack.EntrySink}: hash
 * fields and values, popped list elements) as bulk strings, integers in decimal: the reply copies
 * the slice, so no array is made per element.
 */
final class BulkSink implements Listpack.EntrySink {
    final Reply reply;

    BulkSink(Reply reply) {
        this.reply = reply;
    }

    @Override
    public void bytes(byte[] buf, int off, int len) {
        reply.bulk(buf, off, len);
    }

    @Override
    public void view(java.nio.ByteBuffer buf) {
        reply.bulk(buf);
    }

    @Override
    public void integer(long value) {
        reply.bulk(Args.bytes(value));
    }
}
