package io.quicksilver.core.command;

/** A reply that goes nowhere: CLIENT REPLY OFF and SKIP. */
final class DiscardingReply implements Reply {
    static final DiscardingReply INSTANCE = new DiscardingReply();

    @Override public void simple(String status) { }
    @Override public void error(String message) { }
    @Override public void integer(long value) { }
    @Override public void bulk(byte[] value) { }
    @Override public void bulk(byte[] value, int offset, int length) { }
    @Override public void nullBulk() { }
    @Override public void nullArray() { }
    @Override public void array(int length) { }
    @Override public void map(int pairs) { }
    @Override public void set(int length) { }
    @Override public void push(int length) { }
    @Override public void doubleValue(double value) { }
    @Override public void bool(boolean value) { }
    @Override public void verbatim(String format, byte[] value) { }
    @Override public void bigNumber(String digits) { }
    @Override public int protocol() { return 2; }
}
